package views

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// handleDiffMapFile serves /api/v1/editions/{a}/diff/{b}/map.{svg|png|dot}.
// Echo cannot match a parameter and a suffix in one segment, so the file
// name is split here.
func (s *Server) handleDiffMapFile(c echo.Context) error {
	name, ext, _ := strings.Cut(c.Param("file"), ".")
	if name != "map" {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND,
			"Det finns ingen fil %q här: jämförelsens karta heter map.svg, map.png eller map.dot.", c.Param("file"))
	}
	if _, ok := mapTypes[ext]; !ok {
		return &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: fmt.Sprintf("Okänt kartformat %q.", ext),
			Fields: []kartlaggning.FieldError{{Path: "file", Message: "Ange map.svg, map.png eller map.dot."}}}
	}
	m, err := s.readDiffMapQuery(c)
	if err != nil {
		return err
	}
	var data []byte
	if ext == "dot" {
		data, err = s.diffMapDOT(m)
	} else {
		data, err = s.diffMapImage(c.Request().Context(), m, maps.Format(ext))
	}
	if err != nil {
		return err
	}
	return sendMapFile(c, m.key(ext), ext, fmt.Sprintf("samverkanskarta-%d-jamford-med-%d.%s", m.to.year, m.from.year, ext), data)
}

// diffMapFigure is the map on the comparison page.
type diffMapFigure struct {
	SVG         template.HTML
	RenderError string
	Aggregated  bool
	Downloads   []link
	// OnlyChanges says the map shows only what changed and its
	// neighbours; Toggle is the address of the other way.
	OnlyChanges bool
	Toggle      string
}

// diffMap draws the comparison map for the page. A map that cannot be
// drawn leaves a message, not a failed page: the tables say it all too.
func (s *Server) diffMap(c echo.Context) (diffMapFigure, error) {
	m, err := s.readDiffMapQuery(c)
	if err != nil {
		return diffMapFigure{}, err
	}
	// Whether the map shows organisations is kept beside it, so that a
	// page whose map is cached does not build the graph again.
	aggregated, err := s.mapCache().Get(m.group(), m.key("aggregated"), func() ([]byte, error) {
		g, err := m.graph()
		if err != nil {
			return nil, err
		}
		return strconv.AppendBool(nil, g.Aggregated), nil
	})
	if err != nil {
		return diffMapFigure{}, err
	}
	fig := diffMapFigure{Aggregated: string(aggregated) == "true", OnlyChanges: m.to.req.OnlyChanges}
	fig.Toggle = joinPath("editions", m.from.year, "diff", m.to.year)
	if !fig.OnlyChanges {
		fig.Toggle += "?andringar=bara"
	}
	fig.Toggle += "#karta"
	svg, err := s.diffMapImage(c.Request().Context(), m, maps.SVG)
	if e, ok := kartlaggning.AsError(err); ok && (e.Code == kartlaggning.ETOOLARGE || e.Code == kartlaggning.EINTERNAL) {
		fig.RenderError, err = e.Message, nil
	}
	if err != nil {
		return diffMapFigure{}, err
	}
	// Graphviz escapes every text it writes, and every link is one the
	// service built (linker).
	fig.SVG = template.HTML(maps.InlineSVG(svg))
	base := joinPath("api", "v1", "editions", m.from.year, "diff", m.to.year)
	for _, f := range []struct{ label, ext string }{{"SVG (skalbar bild)", "svg"}, {"PNG (bild)", "png"}} {
		u := base + "/map." + f.ext + "?download=1"
		if fig.OnlyChanges {
			u += "&andringar=bara"
		}
		fig.Downloads = append(fig.Downloads, link{Label: f.label, URL: u})
	}
	return fig, nil
}

// The comparison map: the overview of the edition compared to, with what
// is new since the other edition marked and what is gone drawn faded
// (kartlaggning.CompareMap). It lives beside the comparison page and in
// the API as /editions/{a}/diff/{b}/map.{svg|png|dot}.

// compare indexes both editions and compares them, from :year to :other.
func (s *Server) compare(c echo.Context) (from, to *kartlaggning.Index, d *kartlaggning.Diff, err error) {
	a, err := yearParam(c)
	if err != nil {
		return nil, nil, nil, err
	}
	b, err := otherYearParam(c)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx := c.Request().Context()
	if from, _, err = s.index(ctx, a); err != nil {
		return nil, nil, nil, err
	}
	if to, _, err = s.index(ctx, b); err != nil {
		return nil, nil, nil, err
	}
	return from, to, kartlaggning.CompareEditions(from.Doc, to.Doc), nil
}

func (s *Server) handleAPIDiff(c echo.Context) error {
	_, _, d, err := s.compare(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

type diffChoosePage struct {
	page
	Year   int
	Others []kartlaggning.EditionInfo
}

// handleDiffChoose asks which edition to compare with; with ?with=YEAR it
// goes straight to the comparison, earlier year first.
func (s *Server) handleDiffChoose(c echo.Context) error {
	p, year, err := s.editionPage(c, "Jämför med ett annat år", crumb{"Jämför", ""})
	if err != nil {
		return err
	}
	if with := c.QueryParam("with"); with != "" {
		other, err := strconv.Atoi(with)
		if err != nil {
			return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen kartläggning för år %q att jämföra med.", with)
		}
		a, b := min(year, other), max(year, other)
		return c.Redirect(http.StatusSeeOther, joinPath("editions", a, "diff", b))
	}
	list, err := s.Store.Editions(c.Request().Context())
	if err != nil {
		return err
	}
	var others []kartlaggning.EditionInfo
	for _, e := range visibleEditions(c, list) { // a public reader sees no drafts
		if e.Year != year {
			others = append(others, e)
		}
	}
	return c.Render(http.StatusOK, "diff_choose", diffChoosePage{page: p, Year: year, Others: others})
}

// diffPage is the comparison of two editions as a user reads it: what is
// new, what ended, who joined and left, what meets more or less often.
type diffPage struct {
	page
	From, To    int
	BackURL     string // the same comparison the other way round
	Summary     string
	NewForums   []diffForum
	EndedForums []diffForum
	Joined      []diffSeat
	Left        []diffSeat
	Frequencies []diffFrequency
	Added       []diffGroup
	Removed     []diffGroup
	Changed     []diffChange
	// Reset are the fields that belong to one year (held meetings, the
	// påseende) that "next year" empties: listed apart, because nobody
	// changed the samverkan by starting a new edition.
	Reset      []diffChange
	ResetLabel string
	Unchanged  bool
	Map        diffMapFigure
}

type diffForum struct {
	Forum     link
	Kind      string
	Level     string
	Frequency *kartlaggning.Frequency
	Members   []link
	Why       string
}

type diffSeat struct {
	Forum  link
	Member link
}

type diffFrequency struct {
	Forum         link
	Before, After *kartlaggning.Frequency
}

type diffGroup struct {
	Title string
	Links []link
}

type diffChange struct {
	Kind   string
	Entity link
	Fields string
}

func (s *Server) handleDiffShow(c echo.Context) error {
	from, to, d, err := s.compare(c)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Jämförelse %d–%d", d.From, d.To)
	p, _, err := s.editionPage(c, title, crumb{fmt.Sprintf("Jämför med %d", d.To), ""})
	if err != nil {
		return err
	}
	dp := buildDiffPage(p, from, to, d)
	if dp.Map, err = s.diffMap(c); err != nil {
		return err
	}
	return c.Render(http.StatusOK, "diff", dp)
}

func buildDiffPage(p page, from, to *kartlaggning.Index, d *kartlaggning.Diff) diffPage {
	dp := diffPage{page: p, From: d.From, To: d.To, BackURL: joinPath("editions", d.To, "diff", d.From)}
	for _, id := range d.Added.Forums {
		dp.NewForums = append(dp.NewForums, forumSummary(to, to.Forums[id], ""))
	}
	for _, id := range d.Removed.Forums {
		dp.EndedForums = append(dp.EndedForums, forumSummary(from, from.Forums[id], fmt.Sprintf("Finns inte med %d", d.To)))
	}
	for _, ch := range d.Changed {
		if ch.Kind != "forum" {
			continue
		}
		before, after := from.Forums[ch.ID], to.Forums[ch.ID]
		if ch.Has("status") && after.Status == "ended" {
			dp.EndedForums = append(dp.EndedForums, forumSummary(to, after, "Markerat som avslutat"))
		}
		if ch.Has("frequency") {
			dp.Frequencies = append(dp.Frequencies, diffFrequency{Forum: indexLink(to, kartlaggning.Ref{Kind: kartlaggning.Forums, ID: ch.ID}),
				Before: before.Frequency, After: after.Frequency})
		}
	}
	for _, m := range d.Members.Added {
		dp.Joined = append(dp.Joined, diffSeat{Forum: indexLink(to, kartlaggning.Ref{Kind: kartlaggning.Forums, ID: m.Forum}), Member: indexLink(to, m.Ref())})
	}
	for _, m := range d.Members.Removed {
		dp.Left = append(dp.Left, diffSeat{Forum: indexLink(to, kartlaggning.Ref{Kind: kartlaggning.Forums, ID: m.Forum}), Member: indexLink(from, m.Ref())})
	}
	for _, k := range []kartlaggning.Kind{kartlaggning.Municipalities, kartlaggning.Organisations, kartlaggning.Units} {
		if ids := d.Added.Of(k); len(ids) > 0 {
			dp.Added = append(dp.Added, diffGroup{Title: strings.ToLower(k.Plural()), Links: indexLinks(to, k, ids)})
		}
		if ids := d.Removed.Of(k); len(ids) > 0 {
			dp.Removed = append(dp.Removed, diffGroup{Title: strings.ToLower(k.Plural()), Links: indexLinks(from, k, ids)})
		}
	}
	for _, ch := range d.Changed {
		k := kindOfChange(ch.Kind)
		labels := make([]string, len(ch.Fields))
		for i, f := range ch.Fields {
			labels[i] = kartlaggning.Label(f)
		}
		dp.Changed = append(dp.Changed, diffChange{Kind: capitalise(k.Singular()), Entity: indexLink(to, kartlaggning.Ref{Kind: k, ID: ch.ID}),
			Fields: strings.Join(labels, ", ")})
	}
	for _, ch := range d.Reset {
		k := kindOfChange(ch.Kind)
		labels := make([]string, len(ch.Fields))
		for i, f := range ch.Fields {
			labels[i] = kartlaggning.Label(f)
		}
		dp.Reset = append(dp.Reset, diffChange{Kind: capitalise(k.Singular()), Entity: indexLink(to, kartlaggning.Ref{Kind: k, ID: ch.ID}),
			Fields: strings.Join(labels, ", ")})
	}
	dp.ResetLabel = kartlaggning.ResetLabel
	dp.Summary = diffSummary(d, len(dp.EndedForums), len(dp.Frequencies))
	dp.Unchanged = len(d.Changed) == 0 && len(dp.NewForums) == 0 && len(dp.EndedForums) == 0 && len(dp.Added) == 0 && len(dp.Removed) == 0
	return dp
}

// diffSummary says in one sentence how much changed.
func diffSummary(d *kartlaggning.Diff, ended, frequencies int) string {
	parts := []string{
		diffCount(len(d.Added.Forums), "nytt forum", "nya forum"),
		diffCount(ended, "avslutat forum", "avslutade forum"),
		diffCount(len(d.Members.Added), "ny deltagare", "nya deltagare"),
		diffCount(len(d.Members.Removed), "deltagare som lämnat", "deltagare som lämnat"),
		diffCount(frequencies, "ändrad mötesfrekvens", "ändrade mötesfrekvenser"),
		diffCount(len(d.Added.Units), "ny enhet", "nya enheter"),
		diffCount(len(d.Removed.Units), "borttagen enhet", "borttagna enheter"),
	}
	var said []string
	for _, p := range parts {
		if !strings.HasPrefix(p, "0 ") {
			said = append(said, p)
		}
	}
	if len(said) == 0 {
		return fmt.Sprintf("Från %d till %d: inga nya eller avslutade forum, ingen som gått med eller lämnat.", d.From, d.To)
	}
	return fmt.Sprintf("Från %d till %d: %s.", d.From, d.To, strings.Join(said, ", "))
}

func diffCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return swedishNumber(n) + " " + many
}

func kindOfChange(word string) kartlaggning.Kind {
	for _, k := range kartlaggning.Kinds {
		if kartlaggning.ChangeKind(k) == word {
			return k
		}
	}
	return kartlaggning.Forums
}

func forumSummary(x *kartlaggning.Index, f *kartlaggning.Forum, why string) diffForum {
	df := diffForum{Forum: indexLink(x, kartlaggning.Ref{Kind: kartlaggning.Forums, ID: f.ID}), Kind: f.Kind, Level: f.Level,
		Frequency: f.Frequency, Why: why}
	for _, m := range f.Members {
		df.Members = append(df.Members, indexLink(x, m.Ref()))
	}
	return df
}

// indexLink names an entity of one edition with its address there; a
// unit carries its organisation's name.
func indexLink(x *kartlaggning.Index, r kartlaggning.Ref) link {
	l := link{Label: x.Name(r), URL: entityURL(x.Doc.Edition.Year, r.Kind, r.ID)}
	if r.Kind == kartlaggning.Units {
		if u := x.Units[r.ID]; u != nil {
			l.Note = x.Name(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation})
		}
	}
	return l
}

func indexLinks(x *kartlaggning.Index, k kartlaggning.Kind, ids []string) []link {
	out := make([]link, len(ids))
	for i, id := range ids {
		out[i] = indexLink(x, kartlaggning.Ref{Kind: k, ID: id})
	}
	return out
}
