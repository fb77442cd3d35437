package maps

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Pool renders in worker processes: the same binary started with a hidden
// subcommand. go-graphviz's WebAssembly module is process-global and not
// safe for concurrent use, its memory only grows, and it ignores the
// context; a process per worker gives parallelism, a memory bound (a
// worker is replaced after MaxRenders renders or past MaxRSS) and a hard
// time limit (a render past Timeout is killed with its process).
type Pool struct {
	cfg    PoolConfig
	slots  chan *worker // a nil slot has no process yet
	closed chan struct{}
	once   sync.Once
	wg     sync.WaitGroup

	mu   sync.Mutex
	live map[*worker]bool

	renders, started, recycled, killed atomic.Int64
	maxRSS                             atomic.Int64
}

// PoolConfig configures a Pool; zero fields get the defaults.
type PoolConfig struct {
	// Command and Args start a worker; the default is this executable
	// with the argument "render-worker".
	Command string
	Args    []string
	// Size is the number of workers, by default the number of CPUs (1–8).
	Size int
	// Timeout is the most one render may take (default 10 s).
	Timeout time.Duration
	// MaxRenders and MaxRSS bound a worker's life (defaults 200 renders,
	// 400 MiB): WebAssembly memory never shrinks.
	MaxRenders int
	MaxRSS     int64
	// StartTimeout bounds a worker's start-up (default 30 s: the first
	// start compiles the WebAssembly module).
	StartTimeout time.Duration
	// CacheDir is where workers keep the WebAssembly module's compiled
	// machine code between starts. A worker creates it (0700) and uses it
	// only if this user alone can write there; empty, every worker
	// compiles in memory (about a second of CPU, 25 MiB more memory).
	CacheDir string
	Logger   *slog.Logger
}

// PoolStats counts what a pool did, for tests and logs.
type PoolStats struct {
	Renders, Started, Recycled, Killed int64
	// MaxWorkerRSS is the largest resident memory a worker reported.
	MaxWorkerRSS int64
}

// ErrClosed is returned by Render after Close.
var ErrClosed = errors.New("maps: the render pool is closed")

// NewPool returns a pool; workers start on first use, or with Start.
func NewPool(cfg PoolConfig) *Pool {
	if cfg.Command == "" {
		exe, err := os.Executable()
		if err != nil {
			exe = os.Args[0]
		}
		cfg.Command = exe
		if cfg.Args == nil {
			cfg.Args = []string{"render-worker"}
		}
	}
	if cfg.Size <= 0 {
		cfg.Size = min(max(runtime.NumCPU(), 1), 8)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MaxRenders <= 0 {
		cfg.MaxRenders = 200
	}
	if cfg.MaxRSS <= 0 {
		cfg.MaxRSS = 400 << 20
	}
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	p := &Pool{cfg: cfg, slots: make(chan *worker, cfg.Size), closed: make(chan struct{}), live: map[*worker]bool{}}
	for range cfg.Size {
		p.slots <- nil
	}
	return p
}

// Config returns the pool's configuration with its defaults filled in.
func (p *Pool) Config() PoolConfig { return p.cfg }

// Stats returns the pool's counters.
func (p *Pool) Stats() PoolStats {
	return PoolStats{Renders: p.renders.Load(), Started: p.started.Load(), Recycled: p.recycled.Load(), Killed: p.killed.Load(),
		MaxWorkerRSS: p.maxRSS.Load()}
}

// Start starts every worker now, so that the first maps are not slowed
// by start-up.
func (p *Pool) Start(ctx context.Context) error {
	var taken []*worker
	var firstErr error
	for range p.cfg.Size {
		select {
		case w := <-p.slots:
			if w == nil {
				var err error
				if w, err = p.spawn(); err != nil && firstErr == nil {
					firstErr = err
				}
			}
			taken = append(taken, w)
		case <-ctx.Done():
			firstErr = ctx.Err()
		}
	}
	for _, w := range taken {
		p.slots <- w
	}
	return firstErr
}

// Render lays out dot and draws it in a worker. A worker that turns out
// dead, or dies during the render, is replaced and the render tried once
// more, within what is left of the time limit.
func (p *Pool) Render(ctx context.Context, dot []byte, format Format) ([]byte, error) {
	if _, ok := ParseFormat(string(format)); !ok {
		return nil, fmt.Errorf("maps: unknown format %q", format)
	}
	// Only the renders count against the limit, not the wait for a
	// worker.
	limit := p.cfg.Timeout
	for attempt := 1; ; attempt++ {
		w, err := p.acquire(ctx)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		body, failed, err := p.renderOn(ctx, w, dot, format, limit)
		limit -= time.Since(start)
		if failed && attempt == 1 {
			p.cfg.Logger.Warn("map worker failed; trying once more with a fresh one", "error", err)
			continue
		}
		if failed {
			err = fmt.Errorf("%w twice: %v", ErrWorkerFailed, err)
		}
		return body, err
	}
}

// acquire takes a live worker, starting one if the slot has none or its
// worker has exited since it was handed back.
func (p *Pool) acquire(ctx context.Context) (*worker, error) {
	var w *worker
	select {
	case w = <-p.slots:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-p.closed:
		return nil, ErrClosed
	}
	if w != nil && !w.alive() {
		p.cfg.Logger.Warn("map worker exited while idle; starting another", "pid", w.pid())
		p.stop(w, true)
		w = nil
	}
	if w == nil {
		var err error
		if w, err = p.spawn(); err != nil {
			p.slots <- nil
			return nil, err
		}
	}
	return w, nil
}

// renderOn runs one render on w for at most limit; failed says that the
// worker broke down (it has been replaced).
func (p *Pool) renderOn(ctx context.Context, w *worker, dot []byte, format Format, limit time.Duration) (body []byte, failed bool, err error) {
	p.renders.Add(1)
	busy0, _ := busyTime(w.pid())
	done := make(chan result, 1)
	go func() { done <- w.roundTrip(dot, format) }()
	timer := time.NewTimer(limit)
	select {
	case r := <-done:
		timer.Stop()
		p.release(w, r)
		return r.body, r.transport, r.err
	case <-timer.C:
		return nil, false, p.timeout(w, done, busy0)
	case <-ctx.Done():
		// The caller left; the render finishes (or times out) in the
		// background so that the worker is handed back whole.
		go func() {
			select {
			case r := <-done:
				timer.Stop()
				p.release(w, r)
			case <-timer.C:
				p.timeout(w, done, busy0)
			}
		}()
		return nil, false, ctx.Err()
	}
}

// timeout kills a worker past the time limit. How long it was busy tells
// a map too large to draw from a worker that was stopped or hung.
func (p *Pool) timeout(w *worker, done chan result, busy0 time.Duration) error {
	err := &TimeoutError{Limit: p.cfg.Timeout}
	if busy, ok := busyTime(w.pid()); ok {
		err.Busy = busy - busy0
	}
	p.killed.Add(1)
	p.cfg.Logger.Warn("map render passed its time limit; worker killed", "limit", p.cfg.Timeout, "busy", err.Busy, "pid", w.pid())
	p.stop(w, true)
	<-done
	p.replace()
	return err
}

// release hands a worker back, or replaces it when it failed, erred (a
// failed parse can break go-graphviz's next one) or has grown too old.
func (p *Pool) release(w *worker, r result) {
	w.renders++
	for old := p.maxRSS.Load(); r.rss > old && !p.maxRSS.CompareAndSwap(old, r.rss); old = p.maxRSS.Load() {
	}
	switch {
	case r.transport:
		p.cfg.Logger.Error("map worker failed", "pid", w.pid(), "error", r.err)
		p.stop(w, true)
		p.replace()
	case r.err != nil, w.renders >= p.cfg.MaxRenders, r.rss > p.cfg.MaxRSS:
		p.recycled.Add(1)
		p.cfg.Logger.Debug("recycling map worker", "pid", w.pid(), "renders", w.renders, "rss", r.rss, "error", r.err)
		p.stop(w, false)
		p.replace()
	default:
		p.slots <- w
	}
}

// replace fills a slot with a fresh worker in the background, so that the
// next render does not wait for start-up.
func (p *Pool) replace() {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		select {
		case <-p.closed:
			p.slots <- nil
			return
		default:
		}
		w, err := p.spawn()
		if err != nil {
			p.cfg.Logger.Error("starting a map worker", "error", err)
			w = nil
		}
		p.slots <- w
	}()
}

// Close stops every worker and waits for them.
func (p *Pool) Close() error {
	p.once.Do(func() { close(p.closed) })
	p.wg.Wait()
	p.mu.Lock()
	var all []*worker
	for w := range p.live {
		all = append(all, w)
	}
	p.mu.Unlock()
	for _, w := range all {
		p.stop(w, false)
	}
	return nil
}

type worker struct {
	cmd     *exec.Cmd
	in      *os.File
	out     *bufio.Reader
	outFile *os.File
	exited  chan struct{}
	renders int
	mu      sync.Mutex // one round trip at a time
}

// alive reports whether the worker's process has not exited.
func (w *worker) alive() bool {
	select {
	case <-w.exited:
		return false
	default:
		return true
	}
}

func (w *worker) pid() int {
	if w.cmd.Process == nil {
		return 0
	}
	return w.cmd.Process.Pid
}

type result struct {
	body      []byte
	err       error
	rss       int64
	transport bool // the worker broke down, not the render
}

func (w *worker) roundTrip(dot []byte, format Format) result {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := writeFrame(w.in, request{Format: string(format)}, dot); err != nil {
		return result{err: fmt.Errorf("maps: sending to the worker: %w", err), transport: true}
	}
	var resp response
	body, err := readFrame(w.out, &resp)
	if err != nil {
		return result{err: fmt.Errorf("maps: reading from the worker: %w", err), transport: true}
	}
	if resp.Error != "" {
		return result{err: fmt.Errorf("maps: rendering: %s", resp.Error), rss: resp.RSS}
	}
	return result{body: body, rss: resp.RSS}
}

// spawn starts a worker and waits until it says it is ready.
func (p *Pool) spawn() (*worker, error) {
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	cmd := exec.Command(p.cfg.Command, p.cfg.Args...)
	cmd.Env = append(os.Environ(), WorkerEnv+"=1", WorkerCacheEnv+"="+p.cfg.CacheDir)
	cmd.Stdin, cmd.Stdout = inR, outW
	cmd.Stderr = &logWriter{logger: p.cfg.Logger}
	if err := cmd.Start(); err != nil {
		inR.Close()
		inW.Close()
		outR.Close()
		outW.Close()
		return nil, fmt.Errorf("maps: starting a worker: %w", err)
	}
	// The child holds its own ends now.
	inR.Close()
	outW.Close()
	w := &worker{cmd: cmd, in: inW, out: bufio.NewReaderSize(outR, 64<<10), outFile: outR, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(w.exited)
	}()
	p.mu.Lock()
	p.live[w] = true
	p.mu.Unlock()

	ready := make(chan error, 1)
	go func() {
		var resp response
		_, err := readFrame(w.out, &resp)
		if err == nil && !resp.Ready {
			err = errors.New("the worker did not say it was ready")
		}
		ready <- err
	}()
	timer := time.NewTimer(p.cfg.StartTimeout)
	defer timer.Stop()
	select {
	case err = <-ready:
	case <-timer.C:
		err = fmt.Errorf("no answer within %v", p.cfg.StartTimeout)
	}
	if err != nil {
		p.stop(w, true)
		return nil, fmt.Errorf("maps: starting a worker (%s): %w", p.cfg.Command, err)
	}
	p.started.Add(1)
	return w, nil
}

// stop ends a worker: politely by closing its input, or by killing it.
func (p *Pool) stop(w *worker, kill bool) {
	if kill {
		_ = w.cmd.Process.Kill()
	}
	w.in.Close()
	select {
	case <-w.exited:
	case <-time.After(5 * time.Second):
		_ = w.cmd.Process.Kill()
		<-w.exited
	}
	w.outFile.Close()
	p.mu.Lock()
	delete(p.live, w)
	p.mu.Unlock()
}

// logWriter passes a worker's stderr (only a crash writes there) to the
// log, line by line.
type logWriter struct {
	logger *slog.Logger
	mu     sync.Mutex
	buf    []byte
}

func (l *logWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, b...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		l.logger.Warn("map worker", "stderr", string(l.buf[:i]))
		l.buf = l.buf[i+1:]
	}
	if len(l.buf) > 4096 {
		l.logger.Warn("map worker", "stderr", string(l.buf))
		l.buf = l.buf[:0]
	}
	return len(b), nil
}
