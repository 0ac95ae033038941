package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	dbupdate "github.com/loadline/loadline/advisory/update"
)

// progress shows an update on standard error: on a terminal (a
// character device), a progress line redrawn in place; everywhere, one
// line per feed when it is done, which is all a CI log gets.
type progress struct {
	w       io.Writer
	tty     bool
	verbose bool
	drawn   bool // a progress line is showing
}

func newProgress(w io.Writer, verbose bool) *progress {
	p := &progress{w: w, verbose: verbose}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) event(e dbupdate.Event) {
	switch e.Stage {
	case dbupdate.Fetching:
		p.draw(fmt.Sprintf("%-20s fetching %s", e.Feed, bar(e.Done, e.Total)))
	case dbupdate.Writing:
		p.draw(fmt.Sprintf("%-20s writing  %d records", e.Feed, e.Done))
	case dbupdate.Done:
		p.clear()
		fmt.Fprintln(p.w, line(e.Result))
		r := e.Result
		if p.verbose {
			for _, err := range r.FirstProblems {
				fmt.Fprintf(p.w, "  problem: %v\n", err)
			}
			if n := r.Problems - len(r.FirstProblems); n > 0 {
				fmt.Fprintf(p.w, "  and %d more problems\n", n)
			}
		}
	}
}

// line is the one line a feed's result gets.
func line(r *dbupdate.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", r.Feed, r.Outcome)
	switch r.Outcome {
	case dbupdate.Updated:
		fmt.Fprintf(&b, ", %s", plural(r.Records, "record"))
		if r.Problems > 0 {
			fmt.Fprintf(&b, ", %s (first: %v)", plural(r.Problems, "problem"), r.FirstProblems[0])
		}
	case dbupdate.Failed:
		fmt.Fprintf(&b, ": %v", r.Err)
	}
	return b.String()
}

// draw replaces the progress line with s, on a terminal only.
func (p *progress) draw(s string) {
	if !p.tty {
		return
	}
	fmt.Fprintf(p.w, "\r\033[K%s", s)
	p.drawn = true
}

// clear removes the progress line.
func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

// bar draws done of total bytes: a bar and percentage when the total is
// known, the bytes alone otherwise.
func bar(done, total int64) string {
	const width = 30
	if total <= 0 {
		return size(done)
	}
	n := int(min(done*width/total, width))
	return fmt.Sprintf("[%s%s] %3d%% %s / %s", strings.Repeat("=", n), strings.Repeat(" ", width-n), done*100/total, size(done), size(total))
}

// plural returns "1 record", "4 records".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
