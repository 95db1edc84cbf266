package report

import (
	"bytes"
	"html/template"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/plot"
)

// HTML renders the report as a page that sits in the figures folder
// (index.html): the same entries and numbers as the Markdown, figures inline.
func (r *Report) HTML() ([]byte, error) {
	page, err := template.New("index").Funcs(template.FuncMap{
		"png": r.images,
		"class": func(v Verdict) string {
			if v == paper.NotJudged {
				return "not-judged"
			}
			return strings.ReplaceAll(string(v), " ", "-")
		},
		"seconds": formatSeconds,
	}).Parse(pageSource)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = page.Execute(&b, r)
	return b.Bytes(), err
}

// image is a figure of the page: its PNG and the width it is shown at.
type image struct {
	Src   string
	Width int // CSS pixels; 0 if unknown (then the column's width at most)
}

// cssPixelsPerInch is CSS's fixed ratio of pixels to inches.
const cssPixelsPerInch = 96

// images are the PNGs among files, each to be shown at its printed size (its
// pixels at plot.DPI, in CSS pixels: a single-column figure 3.5 in wide, about
// 340 px, a double-column one twice that), so that its lettering is the size
// the figure was drawn for, as on a paper's page, not blown up to the width of
// the text; a narrow window shrinks them.
func (r *Report) images(files []string) []image {
	var out []image
	for _, f := range files {
		if !strings.HasSuffix(f, ".png") {
			continue
		}
		img := image{Src: f}
		if fh, err := os.Open(filepath.Join(r.Figures, f)); err == nil {
			if cfg, err := png.DecodeConfig(fh); err == nil {
				img.Width = cfg.Width * cssPixelsPerInch / plot.DPI
			}
			fh.Close()
		}
		out = append(out, img)
	}
	return out
}

// pageSource is the page's template.
const pageSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>presyn: reproduction report</title>
<style>
body { font-family: sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
.matches { background: #e3f4e3; } .differs { background: #fbe3e1; } .not-run { background: #eee; } .no-claim { background: #f4f4dd; } .not-judged { background: #e6eef8; }
section { border-top: 1px solid #ccc; margin-top: 2em; }
img { max-width: 100%; height: auto; }
pre.notes { white-space: pre-wrap; font-family: inherit; }
</style>
</head>
<body>
<h1>presyn: reproduction report</h1>
<p>Schug, Benzing &amp; Steger, eLife 2021: every figure and table of the paper, our numbers beside the paper's, and a verdict computed from the CSVs.
A number matches when it lies within 3 combined standard errors of the paper's, or within 1.5 points where the paper gives an SE below 0.5 or none; a claim matches when the check in its row holds.</p>
<p>Generated {{.Created.Format "2006-01-02 15:04 MST"}} by presyn {{.Machine.Version}} on {{.Machine.String}}; BLAS {{.Machine.BLAS}}.</p>
<p>Verdicts: {{.CountLine}}.</p>
{{with .SmokeNote}}<p><strong>{{.}}</strong></p>
{{end}}
<table>
<tr><th>id</th><th>paper</th><th>ours</th><th>verdict</th></tr>
{{range .Entries}}<tr class="{{class .Verdict}}"><td><a href="#{{.ID}}">{{.ID}}</a></td><td>{{.Claim}}</td><td>{{.Ours}}</td><td>{{.Verdict}}</td></tr>
{{end}}</table>
{{range .Entries}}<section id="{{.ID}}">
<h2>{{.ID}}{{.SmokeMark}}</h2>
<p>{{.What}}.</p>
<ul>
<li>Paper: {{.Claim}}</li>
<li>Ours: {{.Ours}}</li>
<li class="{{class .Verdict}}">Verdict: <strong>{{.Verdict}}</strong>{{if .Note}} ({{.Note}}){{end}}</li>
<li>Check: {{.Rule}}</li>
<li>Made by: <code>{{.Command}}</code>{{range .CSVs}}; data: <a href="{{.}}">{{.}}</a>{{end}}</li>
</ul>
{{with .Tried}}<p><strong>What was tried</strong> ({{$.NotesSource}}):</p>
<pre class="notes">{{.}}</pre>
{{end}}{{range png .Figures}}<p><img src="{{.Src}}" alt="{{.Src}}"{{if .Width}} width="{{.Width}}"{{end}}></p>
{{end}}</section>
{{end}}
<section>
<h2>Machine and experiments</h2>
<p>Report made on {{.Machine.String}}; Go {{.Machine.GoVersion}}; BLAS {{.Machine.BLAS}}; element-wise kernels {{.Machine.Kernels}}.</p>
<table>
<tr><th>experiment</th><th>runs</th><th>command wall time</th><th>summed run wall time</th><th>BLAS</th><th>presyn versions</th></tr>
{{range .Experiments}}<tr><td>{{.Study}}</td><td>{{.Runs}}</td><td>{{if .Wall}}{{seconds .Wall}}{{else}}-{{end}}</td><td>{{seconds .Seconds}}</td><td>{{range .Backends}}{{.}} {{end}}</td><td>{{range .Versions}}{{.}} {{end}}</td></tr>
{{end}}</table>
</section>
</body>
</html>
`
