package handlers

import "github.com/ipdesk/ipdesk"

// SatisfactionStats sums complainants' ratings of how their complaints
// were handled.
type SatisfactionStats struct {
	Ratings int
	Sum     int
}

func (s *SatisfactionStats) add(c *ipdesk.Complaint) {}

// Text says the average rating.
func (s SatisfactionStats) Text() string {
	return "Satisfaction: no ratings yet"
}
