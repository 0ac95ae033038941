package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	dbupdate "github.com/loadline/loadline/advisory/update"
)

// progress shows an update on standard error: on a terminal (a
// character device), a progress line redrawn in place, naming the feeds
// in flight; everywhere, one line per feed when it is done, in the
// feeds' order, which is all a CI log gets.
type progress struct {
	w       io.Writer
	tty     bool
	verbose bool
	drawn   bool // a progress line is showing
	// order names the feeds; next is the index in it of the next line
	// to print; done holds the results not printed yet, by name (a name
	// given twice has two).
	order  []string
	next   int
	done   map[string][]dbupdate.Result
	active map[string]string // what each feed in flight is doing
}

func newProgress(w io.Writer, verbose bool, feeds []dbupdate.Feed) *progress {
	p := &progress{w: w, verbose: verbose, done: map[string][]dbupdate.Result{}, active: map[string]string{}}
	for _, f := range feeds {
		p.order = append(p.order, f.Name())
	}
	p.tty = isTerminal(w)
	return p
}

// isTerminal reports whether w is a terminal, where progress redraws
// one line rather than printing one line per step.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progress) event(e dbupdate.Event) {
	switch e.Stage {
	case dbupdate.Fetching:
		p.active[e.Feed] = "fetching " + bar(e.Done, e.Total)
	case dbupdate.Writing:
		p.active[e.Feed] = fmt.Sprintf("writing %d records", e.Done)
	case dbupdate.Done:
		delete(p.active, e.Feed)
		p.done[e.Feed] = append(p.done[e.Feed], *e.Result)
		p.flush()
	}
	p.draw()
}

// flush prints the lines of the feeds done, up to the first that is not.
func (p *progress) flush() {
	for ; p.next < len(p.order); p.next++ {
		name := p.order[p.next]
		rs := p.done[name]
		if len(rs) == 0 {
			return
		}
		r := rs[0]
		p.done[name] = rs[1:]
		p.clear()
		fmt.Fprintln(p.w, line(&r))
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

// draw redraws the progress line, on a terminal only: the first feed in
// flight in the feeds' order, and how many others are.
func (p *progress) draw() {
	if !p.tty {
		return
	}
	var first string
	for _, name := range p.order {
		if st, ok := p.active[name]; ok {
			first = fmt.Sprintf("%-20s %s", name, st)
			break
		}
	}
	if first == "" {
		p.clear()
		return
	}
	if n := len(p.active) - 1; n > 0 {
		first += fmt.Sprintf("  (+%d more)", n)
	}
	fmt.Fprintf(p.w, "\r\033[K%s", first)
	p.drawn = true
}

// finish prints the lines not printed yet (of the feeds done, when an
// update stopped early) and removes the progress line.
func (p *progress) finish() {
	for p.flush(); p.next < len(p.order); p.flush() {
		p.next++ // a feed not done: the update stopped early
	}
	p.clear()
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
