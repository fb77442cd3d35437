// Package mail sends the service's e-mail (enkät invitations and
// reminders) through an SMTP server named by a URL. It is a presentation
// adapter beside the views: the views know only the Mailer interface, so
// that a server without mail configured simply has no Mailer.
//
// Only the standard library is used (net/smtp, mime): plain text UTF-8
// mail with quoted-printable bodies and RFC 2047 subjects is all the
// service sends, and net/smtp refuses AUTH PLAIN over a clear connection
// to anything but localhost, which is the rule we want.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Message is one plain-text mail to one recipient.
type Message struct {
	To      string
	Subject string
	Text    string
}

// Mailer sends messages. Send returns when the server has accepted the
// message or the context (or the mailer's own timeout) has ended.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// Bounds on what one message may hold: a subject fits on a screen, a
// body is a letter, not a document; an address is what RFC 5321 allows.
const (
	MaxSubject = 300
	MaxText    = 64 << 10
	maxAddress = 254
)

// Defaults for the timeouts: connecting, and the whole conversation
// with the server (connect, TLS, auth, the message, QUIT).
const (
	DefaultDialTimeout = 10 * time.Second
	DefaultSendTimeout = 30 * time.Second
)

// SMTP sends through one SMTP server. Build it with Parse.
type SMTP struct {
	host, port string
	from       string
	user, pass string
	hasAuth    bool
	// implicitTLS is smtps://: TLS from the first byte (port 465).
	implicitTLS bool
	// startTLS upgrades a smtp:// connection before anything is said
	// that matters; when set, a server without STARTTLS is an error
	// rather than a silent downgrade.
	startTLS bool

	// DialTimeout bounds connecting; SendTimeout the whole conversation.
	DialTimeout, SendTimeout time.Duration
	// TLSConfig is used for smtps:// and STARTTLS; nil means the system's
	// roots and the URL's host name. Tests set it to trust their server.
	TLSConfig *tls.Config
	// HelloName is what the client calls itself in EHLO ("localhost" when
	// empty, as net/smtp does).
	HelloName string
	// Now is the clock for the Date header (time.Now when nil).
	Now func() time.Time
}

var _ Mailer = (*SMTP)(nil)

// Parse reads a mail server URL:
//
//	smtp://user:pass@host:587?from=kartlaggning@forbund.se&starttls=1
//	smtps://user:pass@host:465?from=kartlaggning@forbund.se
//	smtp://localhost:25?from=kartlaggning@forbund.se
//
// from is required. A user and password are refused on a clear
// connection to another machine: the password would cross the network
// unencrypted. Error messages are in Swedish and never repeat the
// password.
func Parse(raw string) (*SMTP, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url's own error repeats the URL, password and all.
		return nil, errors.New("smtp-url: adressen går inte att läsa; den ska se ut som smtp://användare:lösenord@server:587?from=avsändare@exempel.se&starttls=1")
	}
	s := &SMTP{host: u.Hostname(), port: u.Port(), DialTimeout: DefaultDialTimeout, SendTimeout: DefaultSendTimeout}
	switch u.Scheme {
	case "smtp":
		if s.port == "" {
			s.port = "25"
		}
	case "smtps":
		s.implicitTLS = true
		if s.port == "" {
			s.port = "465"
		}
	default:
		return nil, fmt.Errorf("smtp-url: schemat ska vara smtp:// eller smtps://, inte %q", u.Scheme)
	}
	if s.host == "" {
		return nil, errors.New("smtp-url: servern saknas (smtp://server:587?from=…)")
	}
	if n, err := strconv.Atoi(s.port); err != nil || n < 1 || n > 65535 {
		return nil, fmt.Errorf("smtp-url: porten %q är inte ett portnummer", s.port)
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
		s.hasAuth = true
	}
	q := u.Query()
	for k := range q {
		switch k {
		case "from", "starttls", "timeout":
		default:
			return nil, fmt.Errorf("smtp-url: okänd parameter %q (kända är from, starttls och timeout)", k)
		}
	}
	if v := q.Get("starttls"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("smtp-url: starttls ska vara 1 eller 0, inte %q", v)
		}
		s.startTLS = b
	}
	if s.startTLS && s.implicitTLS {
		return nil, errors.New("smtp-url: smtps:// är redan krypterad; starttls hör till smtp://")
	}
	if v := q.Get("timeout"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 10*time.Minute {
			return nil, fmt.Errorf("smtp-url: timeout ska vara en tid som 30s (högst 10m), inte %q", v)
		}
		s.SendTimeout = d
	}
	from, err := Address(q.Get("from"))
	if err != nil {
		return nil, fmt.Errorf("smtp-url: from: %w", err)
	}
	s.from = from
	if s.hasAuth && !s.implicitTLS && !s.startTLS && !isLocalhost(s.host) {
		return nil, errors.New("smtp-url: lösenordet skulle skickas okrypterat; använd smtps:// eller starttls=1 (eller en server på localhost)")
	}
	return s, nil
}

// From is the sender's address.
func (s *SMTP) From() string { return s.from }

// String describes the server without the password, for logs.
func (s *SMTP) String() string {
	scheme := "smtp"
	if s.implicitTLS {
		scheme = "smtps"
	}
	var tlsNote string
	if s.startTLS {
		tlsNote = " (STARTTLS)"
	}
	return fmt.Sprintf("%s://%s%s från %s", scheme, net.JoinHostPort(s.host, s.port), tlsNote, s.from)
}

func isLocalhost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// Address checks one bare e-mail address (no display name) and returns
// it trimmed. It refuses line breaks and anything net/mail cannot read,
// so nothing can be smuggled into a header or an SMTP command.
func Address(a string) (string, error) {
	a = strings.TrimSpace(a)
	switch {
	case a == "":
		return "", errors.New("e-postadressen saknas")
	case len(a) > maxAddress:
		return "", fmt.Errorf("e-postadressen är längre än %d tecken", maxAddress)
	case strings.ContainsAny(a, "\r\n\x00<>,;\" "):
		return "", fmt.Errorf("%s är inte en e-postadress (skriv en adress, utan namn, mellanslag eller radbrytning)", shown(a))
	}
	p, err := mail.ParseAddress(a)
	if err != nil || p.Address != a || p.Name != "" {
		return "", fmt.Errorf("%s är inte en e-postadress", shown(a))
	}
	at := strings.LastIndexByte(a, '@')
	if at < 1 || !strings.Contains(a[at+1:], ".") && a[at+1:] != "localhost" {
		return "", fmt.Errorf("%s är inte en e-postadress (domänen saknas)", shown(a))
	}
	return a, nil
}

// shown quotes what the user typed, Swedish style, in a message: line
// breaks and other control characters become spaces, and a long text is
// cut.
func shown(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return "”" + s + "”"
}

// check refuses a message that could not be sent as it is: a bad
// address, a line break in the subject (header injection), or sizes over
// the bounds.
func (m Message) check() error {
	if _, err := Address(m.To); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(m.Subject) == "":
		return errors.New("ämnesraden saknas")
	case strings.ContainsAny(m.Subject, "\r\n\x00"):
		return errors.New("ämnesraden får inte innehålla radbrytningar")
	case len([]rune(m.Subject)) > MaxSubject:
		return fmt.Errorf("ämnesraden är längre än %d tecken", MaxSubject)
	case len(m.Text) > MaxText:
		return fmt.Errorf("texten är längre än %d byte", MaxText)
	case strings.ContainsRune(m.Text, 0):
		return errors.New("texten innehåller ett nolltecken")
	}
	return nil
}

// Format writes the message as RFC 5322 bytes with CRLF line ends: a
// UTF-8 text/plain body in quoted-printable (å, ä and ö survive any
// relay, and no line is over 76 characters) and an RFC 2047 subject.
func Format(from string, m Message, date time.Time) ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	from, err := Address(from)
	if err != nil {
		return nil, fmt.Errorf("avsändaren: %w", err)
	}
	to, _ := Address(m.To)
	var id [12]byte
	_, _ = rand.Read(id[:])
	domain := from[strings.LastIndexByte(from, '@')+1:]
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from)
	header("To", to)
	header("Subject", encodeSubject(strings.TrimSpace(m.Subject)))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id[:])+"@"+domain+">")
	// Mail the service sends on its own: autoresponders should not
	// answer it (RFC 3834).
	header("Auto-Submitted", "auto-generated")
	header("MIME-Version", "1.0")
	header("Content-Type", `text/plain; charset="utf-8"`)
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	// The writer turns each line break into CRLF; a stray CR is dropped
	// first so that "\r\n" does not become two.
	text := strings.ReplaceAll(m.Text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	if _, err := qp.Write([]byte(text)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}

// Send delivers one message. It is bounded by ctx and by SendTimeout,
// whichever ends first; a refused message or an unreachable server is an
// error in Swedish that names the server but never the password.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	data, err := Format(s.from, m, now())
	if err != nil {
		return err
	}
	to, _ := Address(m.To)
	timeout := s.SendTimeout
	if timeout <= 0 {
		timeout = DefaultSendTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.send(ctx, to, data); err != nil {
		// The connection's deadline may fire a moment before the
		// context's own timer: either means the server was too slow.
		if dl, _ := ctx.Deadline(); ctx.Err() != nil || !time.Now().Before(dl) {
			return fmt.Errorf("e-postservern %s svarade inte inom %s", net.JoinHostPort(s.host, s.port), timeout)
		}
		return err
	}
	return nil
}

func (s *SMTP) send(ctx context.Context, to string, data []byte) error {
	addr := net.JoinHostPort(s.host, s.port)
	dialTimeout := s.DialTimeout
	if dialTimeout <= 0 {
		dialTimeout = DefaultDialTimeout
	}
	d := net.Dialer{Timeout: dialTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("kunde inte ansluta till e-postservern %s: %v", addr, opError(err))
	}
	// net/smtp has no contexts: the deadline bounds every read and write,
	// and closing the connection when ctx ends wakes a blocked call.
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	defer conn.Close()

	tlsConfig := s.tlsConfig()
	if s.implicitTLS {
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("TLS mot e-postservern %s misslyckades: %v", addr, err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return fmt.Errorf("e-postservern %s hälsade inte: %v", addr, err)
	}
	defer c.Close()
	hello := s.HelloName
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fmt.Errorf("e-postservern %s svarade på EHLO: %v", addr, err)
	}
	if s.startTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf("e-postservern %s erbjuder inte STARTTLS, men smtp-url kräver det", addr)
		}
		if err := c.StartTLS(tlsConfig); err != nil {
			return fmt.Errorf("STARTTLS mot e-postservern %s misslyckades: %v", addr, err)
		}
	}
	if s.hasAuth {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fmt.Errorf("e-postservern %s erbjuder ingen inloggning (AUTH), men smtp-url har ett användarnamn", addr)
		}
		// PlainAuth itself refuses a connection without TLS to anything
		// but localhost.
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			return fmt.Errorf("inloggningen på e-postservern %s misslyckades: %v", addr, err)
		}
	}
	if err := c.Mail(s.from); err != nil {
		return fmt.Errorf("e-postservern %s vägrade avsändaren %s: %v", addr, s.from, err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("e-postservern %s vägrade mottagaren %s: %v", addr, to, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("e-postservern %s vägrade brevet: %v", addr, err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("brevet kunde inte skickas till e-postservern %s: %v", addr, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("e-postservern %s vägrade brevet: %v", addr, err)
	}
	// The message is accepted; a failed QUIT changes nothing.
	_ = c.Quit()
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	if s.TLSConfig != nil {
		c := s.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = s.host
		}
		return c
	}
	return &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
}

// encodeSubject writes a subject as RFC 2047 encoded words of at most
// about 60 characters each, folded onto lines of their own, so that the
// header keeps under the 78 characters a line should have. A word never
// splits a character. A plain ASCII subject that fits stays as it is.
func encodeSubject(s string) string {
	plain := len(s) <= 60
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= ' ' && s[i] < 0x7f && s[i] != '=' && s[i] != '?'
	}
	if plain {
		return s
	}
	const prefix, suffix, max = "=?utf-8?q?", "?=", 60
	var words []string
	var w strings.Builder
	for _, r := range s {
		var enc strings.Builder
		for _, b := range []byte(string(r)) {
			switch {
			case b == ' ':
				enc.WriteByte('_')
			case b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!*+-/", b) >= 0:
				enc.WriteByte(b)
			default:
				fmt.Fprintf(&enc, "=%02X", b)
			}
		}
		if w.Len()+enc.Len() > max-len(prefix)-len(suffix) {
			words = append(words, prefix+w.String()+suffix)
			w.Reset()
		}
		w.WriteString(enc.String())
	}
	words = append(words, prefix+w.String()+suffix)
	return strings.Join(words, "\r\n ")
}

// opError drops the "dial tcp" prefix that says nothing to a user.
func opError(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}
