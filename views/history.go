package views

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The change log: every write's who, when and what, for an edition and
// for each entity.

type historyRow struct {
	At     time.Time
	Actor  string
	Source string
	Action string
	What   link
	Fields []string
}

type historyPage struct {
	page
	Year    int
	Rows    []historyRow
	Actors  []kartlaggning.Option
	Actor   string
	From    string
	To      string
	Entity  bool
	Filters bool
}

var actionNames = map[string]string{"create": "Skapade", "update": "Ändrade", "delete": "Tog bort",
	"import": "Importerade kartläggningen", "edition": "Ändrade kartläggningens uppgifter"}

func historyRows(l *lookup, log []kartlaggning.LogEntry) []historyRow {
	rows := make([]historyRow, 0, len(log))
	for _, e := range log {
		row := historyRow{At: e.At, Actor: e.Actor, Source: e.Source, Action: actionNames[e.Action]}
		if e.Kind != "" {
			row.What = l.link(kartlaggning.Ref{Kind: e.Kind, ID: e.ID})
			if row.What.Note == "saknas" {
				row.What = link{Label: e.ID, Note: "borttagen"}
			}
		}
		for _, f := range e.Fields {
			row.Fields = append(row.Fields, kartlaggning.Label(f))
		}
		rows = append(rows, row)
	}
	return rows
}

func (s *Server) handleEditionHistory(c echo.Context) error {
	p, year, err := s.editionPage(c, "Ändringslogg", crumb{Label: "Ändringslogg"})
	if err != nil {
		return err
	}
	f := kartlaggning.HistoryFilter{Actor: strings.TrimSpace(c.QueryParam("actor"))}
	if f.From, err = parseDay("from", c.QueryParam("from")); err != nil {
		return err
	}
	if f.To, err = parseDay("to", c.QueryParam("to")); err != nil {
		return err
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the whole last day
	}
	ctx := c.Request().Context()
	log, err := s.Store.History(ctx, year, f)
	if err != nil {
		return err
	}
	all, err := s.Store.History(ctx, year, kartlaggning.HistoryFilter{Limit: 5000})
	if err != nil {
		return err
	}
	l, err := s.edition(ctx, year)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	data := historyPage{page: p, Year: year, Rows: historyRows(l, log), Actor: f.Actor,
		From: c.QueryParam("from"), To: c.QueryParam("to"), Filters: true}
	for _, e := range all {
		if !seen[e.Actor] {
			seen[e.Actor] = true
			data.Actors = append(data.Actors, kartlaggning.Option{Value: e.Actor, Label: e.Actor})
		}
	}
	return c.Render(http.StatusOK, "history", data)
}

func (s *Server) handleEntityHistory(c echo.Context, kind kartlaggning.Kind) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v, err := s.Store.Get(ctx, year, kind, c.Param("id"))
	if err != nil {
		return err
	}
	name := v.Entity.EntityName()
	p, _, err := s.editionPage(c, "Historik: "+name, crumb{Label: kind.Plural(), URL: joinPath("editions", year, kind)},
		crumb{Label: name, URL: entityURL(year, kind, c.Param("id"))}, crumb{Label: "Historik"})
	if err != nil {
		return err
	}
	log, err := s.Store.History(ctx, year, kartlaggning.HistoryFilter{Kind: kind, ID: c.Param("id")})
	if err != nil {
		return err
	}
	l, err := s.edition(ctx, year)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "history", historyPage{page: p, Year: year, Rows: historyRows(l, log), Entity: true})
}
