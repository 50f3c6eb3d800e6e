package report

import (
	"fmt"
	"os"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// cjkFonts are where Debian and Ubuntu put fonts with Chinese glyphs
// (fonts-droid-fallback, which the container image copies in, first). The
// WenQuanYi collections are listed last: golang.org/x/image cannot parse
// their table layout today, so they are skipped unless that changes.
var cjkFonts = []string{
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
}

// Fonts are the typefaces a chart is drawn with: Liberation Sans Regular
// (bundled) for Latin text, and a CJK font, when one was found, for
// Chinese.
type Fonts struct {
	latin *opentype.Font
	cjk   *opentype.Font
	// Path is the CJK font file in use, "" when none was found.
	Path string
}

// LoadFonts loads the fonts for charts. path names a TrueType or OpenType
// font (or collection) with Chinese glyphs; "" looks in the usual system
// places. Without one, charts in Chinese are drawn with English labels.
func LoadFonts(path string) (*Fonts, error) {
	latin, err := opentype.Parse(liberationsansregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("chart font: %w", err) // bundled: a bug
	}
	f := &Fonts{latin: latin}
	paths := cjkFonts
	if path != "" {
		paths = []string{path}
	}
	for _, p := range paths {
		face, err := loadFace(p)
		if err != nil {
			if path != "" {
				return nil, fmt.Errorf("chart font %s: %w", path, err)
			}
			continue
		}
		f.cjk, f.Path = face, p
		break
	}
	return f, nil
}

func loadFace(path string) (*opentype.Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if coll, err := opentype.ParseCollection(data); err == nil && coll.NumFonts() > 0 {
		face, err := coll.Font(0)
		if err != nil {
			return nil, err
		}
		return face, checkHan(face)
	}
	face, err := opentype.Parse(data)
	if err != nil {
		return nil, err
	}
	return face, checkHan(face)
}

// checkHan refuses a font without Chinese glyphs, which would draw boxes.
func checkHan(f *opentype.Font) error {
	var buf sfnt.Buffer
	for _, r := range "周投诉" {
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			return fmt.Errorf("no glyph for %q", r)
		}
	}
	return nil
}

// CJK reports whether a font with Chinese glyphs was found.
func (f *Fonts) CJK() bool { return f.cjk != nil }

// face returns the face for text in lang, px pixels high (the chart is
// drawn at 72 dpi, so a point is a pixel).
func (f *Fonts) face(lang string, px float64) (font.Face, error) {
	base := f.latin
	if lang == "zh" && f.cjk != nil {
		base = f.cjk
	}
	return opentype.NewFace(base, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
}
