package knowledge

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

//go:embed articles
var bundled embed.FS

// Bundled returns the articles shipped in the binary, laid out as
// en/*.md and zh/*.md.
func Bundled() fs.FS {
	sub, err := fs.Sub(bundled, "articles")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// Languages are the article folders, one per language served.
var Languages = []string{"en", "zh"}

// articleFile is one Markdown file read from a folder of articles.
type articleFile struct {
	path string // "en/tm-us.md"
	data []byte
	sig  string // content hash, to report a broken version once
}

// readArticles reads every en/*.md and zh/*.md file of fsys. Other files
// are ignored, so an operator's folder may hold notes or a README.
func readArticles(fsys fs.FS) ([]articleFile, error) {
	var out []articleFile
	for _, lang := range Languages {
		ents, err := fs.ReadDir(fsys, lang)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			p := path.Join(lang, e.Name())
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, err
			}
			sum := sha256.Sum256(data)
			out = append(out, articleFile{path: p, data: data, sig: hex.EncodeToString(sum[:8])})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

func dirFS(dir string) fs.FS { return os.DirFS(dir) }

// dirSignature summarises the override folder's article files by name,
// size and modification time, so that polling it costs a few stat calls
// and not a read of every file.
func (ix *Index) dirSignature() (string, error) {
	if ix.opts.Dir == "" {
		return "", nil
	}
	var b strings.Builder
	fsys := dirFS(ix.opts.Dir)
	for _, lang := range Languages {
		ents, err := fs.ReadDir(fsys, lang)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("knowledge folder: %w", err)
		}
		for _, e := range ents {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue // removed since the listing
			}
			fmt.Fprintf(&b, "%s/%s %d %d\n", lang, e.Name(), info.Size(), info.ModTime().UnixNano())
		}
	}
	return b.String(), nil
}
