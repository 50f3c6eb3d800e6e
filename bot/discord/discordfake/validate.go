package discordfake

// validateMessage applies the limits Discord enforces on a message body and
// returns what is wrong, or "".
func validateMessage(v MessageView) string {
	if n := len([]rune(v.Content)); n > 2000 {
		return "content: Must be 2000 or fewer in length."
	}
	if len(v.Embeds) > 10 {
		return "embeds: Must be 10 or fewer in length."
	}
	total := 0
	for _, e := range v.Embeds {
		if len([]rune(e.Description)) > 4096 {
			return "embeds.description: Must be 4096 or fewer in length."
		}
		if len([]rune(e.Title)) > 256 {
			return "embeds.title: Must be 256 or fewer in length."
		}
		if len(e.Fields) > 25 {
			return "embeds.fields: Must be 25 or fewer in length."
		}
		total += len([]rune(e.Title)) + len([]rune(e.Description))
		for _, f := range e.Fields {
			if len([]rune(f.Name)) > 256 || len([]rune(f.Value)) > 1024 {
				return "embeds.fields: name ≤256, value ≤1024."
			}
			total += len([]rune(f.Name)) + len([]rune(f.Value))
		}
	}
	if total > 6000 {
		return "embeds: Embed size exceeds maximum size of 6000"
	}
	if msg := validateRows(v.Components, ComponentButton); msg != "" {
		return msg
	}
	return ""
}

// validateRows checks action rows the way Discord does: at most 5 rows, at
// most 5 buttons (or one select/text input) a row, custom ids of at most 100
// characters and unique within the message.
func validateRows(rows []Component, want int) string {
	if len(rows) > 5 {
		return "components: Must be 5 or fewer in length."
	}
	seen := map[string]bool{}
	for _, row := range rows {
		if row.Type != ComponentActionRow {
			return "components: top-level components must be action rows"
		}
		if len(row.Components) == 0 || len(row.Components) > 5 {
			return "components.components: Must be between 1 and 5 in length."
		}
		for _, c := range row.Components {
			if c.Type != ComponentButton && len(row.Components) > 1 {
				return "components.components: a select menu or text input fills its row"
			}
			if want == ComponentTextInput && c.Type != ComponentTextInput {
				return "components: modals hold text inputs only"
			}
			if c.URL == "" {
				if c.CustomID == "" {
					return "components.custom_id: This field is required"
				}
				if len(c.CustomID) > 100 {
					return "components.custom_id: Must be 100 or fewer in length."
				}
				if seen[c.CustomID] {
					return "components.custom_id: Component custom id cannot be duplicated"
				}
				seen[c.CustomID] = true
			}
			if c.Type == ComponentButton && (c.Label == "" || len([]rune(c.Label)) > 80) {
				return "components.label: Must be between 1 and 80 in length."
			}
		}
	}
	return ""
}
