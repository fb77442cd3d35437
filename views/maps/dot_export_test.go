package maps

// CleanText is what the DOT writer makes of a text before quoting it, for
// tests that compare what comes out with what went in.
var CleanText = cleanText
