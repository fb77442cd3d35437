package views

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func (s *Server) handleAPISummary(c echo.Context) error {
	x, _, err := s.analysisOf(c)
	if err != nil {
		return err
	}
	summary, err := x.Summarise(c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, summary)
}

func (s *Server) handleAPIOverlaps(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	min, err := overlapMin(c)
	if err != nil {
		return err
	}
	x, _, err := s.analysisSnapshot(c.Request().Context(), year)
	if err != nil {
		return err
	}
	list, err := overlapsFor(x, min, c.QueryParam("municipality"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleAPIMatrix(c echo.Context) error {
	if strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/csv") {
		return s.handleMatrixCSV(c)
	}
	x, d, err := s.analysisOf(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d.Matrix(x))
}

func (s *Server) handleMatrixCSV(c echo.Context) error {
	x, d, err := s.analysisOf(c)
	if err != nil {
		return err
	}
	return writeMatrixCSV(c, d.Matrix(x))
}

func (s *Server) handleAPIMetrics(c echo.Context) error {
	x, d, err := s.analysisOf(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d.Metrics(x))
}

// writeMatrixCSV answers with the partner matrix as a file Swedish Excel
// opens as it is: semicolons between fields and UTF-8 with a byte order
// mark (without it Excel reads "Försäkringskassan" as Latin-1). Four
// square blocks follow each other, each with its own heading row: shared
// forums, the sums of their least and most meetings per year, and how
// many of them have no known number of meetings.
func writeMatrixCSV(c echo.Context, m *kartlaggning.Matrix) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="partnermatris-%d.csv"`, m.Year))
	c.Response().WriteHeader(http.StatusOK)
	if _, err := c.Response().Write([]byte("\uFEFF")); err != nil {
		return err
	}
	w := csv.NewWriter(c.Response())
	w.Comma = ';'
	w.UseCRLF = true // what Excel writes and expects
	blocks := []struct {
		title string
		value func(kartlaggning.MatrixCell) int
	}{
		{"Gemensamma forum", func(cell kartlaggning.MatrixCell) int { return cell.Forums }},
		{"Möten per år, minst", func(cell kartlaggning.MatrixCell) int { return cell.MeetingsPerYear.Min }},
		{"Möten per år, högst", func(cell kartlaggning.MatrixCell) int { return cell.MeetingsPerYear.Max }},
		{"Forum med okänt antal möten", func(cell kartlaggning.MatrixCell) int { return cell.MeetingsPerYear.Unknown }},
	}
	for bi, b := range blocks {
		if bi > 0 {
			if err := w.Write([]string{""}); err != nil {
				return err
			}
		}
		head := []string{b.title}
		for _, p := range m.Parties {
			head = append(head, spreadsheetText(partyLabel(p)))
		}
		if err := w.Write(head); err != nil {
			return err
		}
		for i, p := range m.Parties {
			row := []string{spreadsheetText(p.Name)}
			for j := range m.Parties {
				row = append(row, strconv.Itoa(b.value(m.Cells[i][j])))
			}
			if err := w.Write(row); err != nil {
				return err
			}
		}
	}
	w.Flush()
	return w.Error()
}

// partyLabel is a party's short name when it has one: column headings of
// a matrix must be narrow.
func partyLabel(p kartlaggning.MatrixParty) string {
	if p.Short != "" {
		return p.Short
	}
	return p.Name
}

// spreadsheetText keeps a name from being read as a formula: Excel runs a
// cell that starts with =, +, - or @ (a name is typed by users).
func spreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
