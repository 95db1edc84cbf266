package study

import (
	"fmt"
	"strconv"
	"strings"
)

// MarkdownTable renders a Markdown table; cells are used as given.
func MarkdownTable(header []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + strings.ReplaceAll(c, "|", `\|`) + " |")
		}
		b.WriteString("\n")
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

// PM formats a mean and its standard error with digits decimals, as "0.9712 ±
// 0.0021".
func PM(mean, se float64, digits int) string {
	return strconv.FormatFloat(mean, 'f', digits, 64) + " ± " + strconv.FormatFloat(se, 'f', digits, 64)
}

// Count says n of noun with the plural where it takes one: "1 seed", "3 seeds".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Files lists the files a report was drawn from, for its last line.
func Files(dir string, names ...string) string {
	return fmt.Sprintf("Files in `%s`: %s.\n", dir, strings.Join(names, ", "))
}
