package mail_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/views/mail"
	"github.com/kartlaggning/kartlaggning/views/mail/mailtest"
)

const link = "http://localhost:8080/enkat/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

var letter = mail.Message{
	To:      "chef.socialtjanst@mullsjo.se",
	Subject: "Kartläggning av samverkan – enkät till Socialtjänsten i Mullsjö",
	Text: "Hej!\n\nSamordningsförbundet kartlägger samverkan i länet. Svara på enkäten här:\n\n" + link +
		"\n\nSista dag att svara är 31 december 2026. Länken är personlig för er enhet.\n\n" +
		strings.Repeat("Räksmörgås åt öländska älgar. ", 10) + "\n.\nEn rad som bara är en punkt ska komma fram.\n",
}

// read parses a received message and returns its headers and decoded body.
func read(t *testing.T, data []byte) (netmail.Header, string) {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the message does not parse: %v\n%s", err, data)
	}
	if cte := m.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
		t.Fatalf("Content-Transfer-Encoding %q", cte)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range bytes.Split(data, []byte("\r\n")) {
		if len(line) > 78 {
			t.Errorf("line %d is %d bytes long: %q", i, len(line), line)
		}
	}
	return m.Header, strings.ReplaceAll(string(body), "\r\n", "\n")
}

func checkLetter(t *testing.T, got mailtest.Received, from string) {
	t.Helper()
	if got.From != from || len(got.To) != 1 || got.To[0] != letter.To {
		t.Errorf("envelope from %q to %v", got.From, got.To)
	}
	h, body := read(t, got.Data)
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != letter.Subject {
		t.Errorf("subject %q (raw %q), %v", subject, h.Get("Subject"), err)
	}
	if raw := h.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?q?") {
		t.Errorf("the subject is not RFC 2047-encoded: %q", raw)
	}
	if ct := h.Get("Content-Type"); ct != `text/plain; charset="utf-8"` {
		t.Errorf("Content-Type %q", ct)
	}
	if h.Get("From") != from || h.Get("To") != letter.To || h.Get("MIME-Version") != "1.0" || h.Get("Message-ID") == "" {
		t.Errorf("headers %v", h)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if body != letter.Text {
		t.Errorf("body\n%q\nwant\n%q", body, letter.Text)
	}
	if !strings.Contains(body, link+"\n") {
		t.Errorf("the link did not arrive whole")
	}
}

func TestSendRoundTrip(t *testing.T) {
	const from = "kartlaggning@forbund.se"
	for _, tc := range []struct {
		name     string
		opts     mailtest.Options
		wantAuth string
		wantTLS  bool
	}{
		{"clear, no login, localhost", mailtest.Options{}, "", false},
		{"STARTTLS with login", mailtest.Options{StartTLS: true, User: "forbund", Password: "hemligt åäö"}, "forbund", true},
		{"smtps with login", mailtest.Options{Implicit: true, User: "forbund", Password: "p@ss:word"}, "forbund", true},
		{"login over a clear connection to localhost", mailtest.Options{User: "forbund", Password: "x"}, "forbund", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.Start(t, tc.opts)
			m, err := mail.Parse(srv.URL(from))
			if err != nil {
				t.Fatal(err)
			}
			m.TLSConfig = srv.ClientTLS
			if err := m.Send(context.Background(), letter); err != nil {
				t.Fatal(err)
			}
			got := srv.Wait(t, 1)
			if len(got) != 1 {
				t.Fatalf("%d messages", len(got))
			}
			if got[0].Auth != tc.wantAuth || got[0].TLS != tc.wantTLS {
				t.Errorf("auth %q tls %v, want %q %v", got[0].Auth, got[0].TLS, tc.wantAuth, tc.wantTLS)
			}
			checkLetter(t, got[0], from)
		})
	}
}

func TestSendRefusesHeaderInjection(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	m, err := mail.Parse(srv.URL("kartlaggning@forbund.se"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []mail.Message{
		{To: "a@b.se", Subject: "Hej\r\nBcc: offer@example.se", Text: "x"},
		{To: "a@b.se", Subject: "Hej\nBcc: offer@example.se", Text: "x"},
		{To: "a@b.se\r\nBcc: offer@example.se", Subject: "Hej", Text: "x"},
		{To: "a@b.se>\r\nRCPT TO:<offer@example.se", Subject: "Hej", Text: "x"},
		{To: "a@b.se, offer@example.se", Subject: "Hej", Text: "x"},
		{To: "Namn <a@b.se>", Subject: "Hej", Text: "x"},
		{To: "inte-en-adress", Subject: "Hej", Text: "x"},
		{To: "", Subject: "Hej", Text: "x"},
		{To: "a@b.se", Subject: "", Text: "x"},
		{To: "a@b.se", Subject: strings.Repeat("å", mail.MaxSubject+1), Text: "x"},
		{To: "a@b.se", Subject: "Hej", Text: strings.Repeat("x", mail.MaxText+1)},
	} {
		if err := m.Send(context.Background(), bad); err == nil {
			t.Errorf("sent %q / %q", bad.To, bad.Subject)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("the server got %d messages", n)
	}
	// The body may say anything, headers included: it is below the blank
	// line and stays text.
	ok := mail.Message{To: "a@b.se", Subject: "Hej", Text: "Bcc: offer@example.se\r\n\r\nSubject: falsk\n"}
	if err := m.Send(context.Background(), ok); err != nil {
		t.Fatal(err)
	}
	h, body := read(t, srv.Wait(t, 1)[0].Data)
	if h.Get("Bcc") != "" || h.Get("Subject") != "Hej" || body != "Bcc: offer@example.se\n\nSubject: falsk\n" {
		t.Errorf("headers %v body %q", h, body)
	}
}

func TestSendRejectedRecipientSaysWho(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{Reject: []string{"finns.inte@mullsjo.se"}})
	m, err := mail.Parse(srv.URL("kartlaggning@forbund.se"))
	if err != nil {
		t.Fatal(err)
	}
	err = m.Send(context.Background(), mail.Message{To: "finns.inte@mullsjo.se", Subject: "Hej", Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "finns.inte@mullsjo.se") || !strings.Contains(err.Error(), "vägrade mottagaren") {
		t.Errorf("err = %v", err)
	}
}

func TestSendDeadServer(t *testing.T) {
	// A port where nothing listens: refused at once.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	m, err := mail.Parse("smtp://" + addr + "?from=kartlaggning@forbund.se")
	if err != nil {
		t.Fatal(err)
	}
	err = m.Send(context.Background(), letter)
	if err == nil || !strings.Contains(err.Error(), "kunde inte ansluta till e-postservern "+addr) {
		t.Errorf("err = %v", err)
	}

	// A server that accepts the connection and never says a word: the
	// send timeout ends it.
	mute, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer mute.Close()
	go func() {
		for {
			c, err := mute.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	m, err = mail.Parse("smtp://" + mute.Addr().String() + "?from=kartlaggning@forbund.se&timeout=300ms")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = m.Send(context.Background(), letter)
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "svarade inte inom 300ms") {
		t.Errorf("err = %v", err)
	}
	if took > 2*time.Second {
		t.Errorf("the send took %s", took)
	}
	// And the caller's context ends it sooner.
	m.SendTimeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start = time.Now()
	if err := m.Send(ctx, letter); err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("err = %v after %s", err, time.Since(start))
	}
}

func TestStartTLSRequired(t *testing.T) {
	// The URL asks for STARTTLS; a server that does not offer it gets
	// nothing, rather than the password in clear.
	srv := mailtest.Start(t, mailtest.Options{User: "forbund", Password: "hemligt"})
	m, err := mail.Parse("smtp://forbund:hemligt@" + srv.Addr + "?from=kartlaggning@forbund.se&starttls=1")
	if err != nil {
		t.Fatal(err)
	}
	err = m.Send(context.Background(), letter)
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("err = %v", err)
	}
	if len(srv.Messages()) != 0 {
		t.Error("a message arrived")
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"smtp://mail.forbund.se:587?from=kartlaggning@forbund.se&starttls=1", ""},
		{"smtps://u:p@mail.forbund.se?from=kartlaggning@forbund.se", ""},
		{"smtp://localhost?from=kartlaggning@forbund.se", ""},
		{"smtp://u:p@127.0.0.1:25?from=kartlaggning@forbund.se", ""},
		{"smtp://u:hemligt@mail.forbund.se:25?from=kartlaggning@forbund.se", "okrypterat"},
		{"http://mail.forbund.se?from=kartlaggning@forbund.se", "schemat"},
		{"smtp://mail.forbund.se:587", "from"},
		{"smtp://mail.forbund.se:587?from=inte+en+adress", "from"},
		{"smtp://mail.forbund.se:587?from=a@b.se%0D%0ABcc:c@d.se", "from"},
		{"smtp://:587?from=a@b.se", "servern saknas"},
		{"smtp://mail.forbund.se:99999?from=a@b.se", "porten"},
		{"smtps://mail.forbund.se?from=a@b.se&starttls=1", "starttls"},
		{"smtp://mail.forbund.se?from=a@b.se&starttls=kanske", "starttls"},
		{"smtp://mail.forbund.se?from=a@b.se&tls=1", "okänd parameter"},
		{"smtp://mail.forbund.se?from=a@b.se&timeout=-1s", "timeout"},
		{"smtp://u:hemligt%zz@mail.forbund.se?from=a@b.se", "går inte att läsa"},
	} {
		_, err := mail.Parse(tc.url)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.url, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err = %v, want %q", tc.url, err, tc.want)
		case err != nil && strings.Contains(err.Error(), "hemligt"):
			t.Errorf("%s: the error repeats the password: %v", tc.url, err)
		}
	}
	m, err := mail.Parse("smtps://u:hemligt@mail.forbund.se?from=kartlaggning@forbund.se")
	if err != nil {
		t.Fatal(err)
	}
	if s := m.String(); strings.Contains(s, "hemligt") || !strings.Contains(s, "mail.forbund.se:465") {
		t.Errorf("String() = %q", s)
	}
}
