package maps

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// The worker protocol: the pool and a worker process exchange frames on
// the worker's stdin and stdout. A frame is a JSON header and a body, each
// preceded by its length (big-endian uint32). The worker first sends a
// ready frame, then answers each request with one response.

// WorkerEnv is set to "1" in the environment of every worker process, so
// that a binary can tell it was started as one (tests use it in TestMain).
const WorkerEnv = "KARTLAGGNING_RENDER_WORKER"

// WorkerCacheEnv passes a worker the directory for the WebAssembly
// module's compiled machine code (PoolConfig.CacheDir); empty or unset,
// the worker compiles in memory.
const WorkerCacheEnv = "KARTLAGGNING_RENDER_CACHE"

// maxFrame bounds a frame's parts: a DOT file or a rendered map.
const maxFrame = 256 << 20

type request struct {
	Format string `json:"format"`
}

type response struct {
	Ready bool   `json:"ready,omitempty"`
	Error string `json:"error,omitempty"`
	// RSS is the worker's resident memory after the render, in bytes.
	RSS int64 `json:"rss"`
}

func writeFrame(w io.Writer, header any, body []byte) error {
	h, err := json.Marshal(header)
	if err != nil {
		return err
	}
	var n [4]byte
	for _, part := range [][]byte{h, body} {
		binary.BigEndian.PutUint32(n[:], uint32(len(part)))
		if _, err := w.Write(n[:]); err != nil {
			return err
		}
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	if f, ok := w.(interface{ Flush() error }); ok {
		return f.Flush()
	}
	return nil
}

func readFrame(r io.Reader, header any) ([]byte, error) {
	var parts [2][]byte
	for i := range parts {
		var n [4]byte
		if _, err := io.ReadFull(r, n[:]); err != nil {
			if i == 0 && errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("reading a frame: %w", err)
		}
		size := binary.BigEndian.Uint32(n[:])
		if size > maxFrame {
			return nil, fmt.Errorf("a frame of %d bytes is too large", size)
		}
		parts[i] = make([]byte, size)
		if _, err := io.ReadFull(r, parts[i]); err != nil {
			return nil, fmt.Errorf("reading a frame: %w", err)
		}
	}
	if err := json.Unmarshal(parts[0], header); err != nil {
		return nil, fmt.Errorf("reading a frame header: %w", err)
	}
	return parts[1], nil
}

// RenderFunc renders DOT in-process; only a worker may call one.
type RenderFunc func(dot []byte, format Format) ([]byte, error)

// ServeWorker is a worker's main loop: it answers render requests read
// from in until in closes. render runs one request at a time, which is
// all go-graphviz allows.
func ServeWorker(in io.Reader, out io.Writer, render RenderFunc) error {
	w := bufio.NewWriter(out)
	if err := writeFrame(w, response{Ready: true, RSS: selfRSS()}, nil); err != nil {
		return err
	}
	r := bufio.NewReader(in)
	for {
		var req request
		dot, err := readFrame(r, &req)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		var resp response
		body, err := safeRender(render, dot, Format(req.Format))
		if err != nil {
			resp.Error, body = err.Error(), nil
		}
		resp.RSS = selfRSS()
		if err := writeFrame(w, resp, body); err != nil {
			return err
		}
	}
}

// safeRender turns a panic inside the WebAssembly module into an error;
// the pool then replaces the worker.
func safeRender(render RenderFunc, dot []byte, format Format) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("render panicked: %v", p)
		}
	}()
	return render(dot, format)
}

// selfRSS reads this process's resident set size; 0 where /proc is
// missing, and then only the render count recycles workers.
func selfRSS() int64 { return rssOf("self") }

func rssOf(pid string) int64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// busyTime is how long a process's threads have run or waited to run
// (on a busy machine they wait much of the time): time in which it did or
// would have computed. A stopped or blocked process adds none. It reads
// /proc/PID/task/*/schedstat, or else the CPU time in /proc/PID/stat;
// false without /proc.
func busyTime(pid int) (time.Duration, bool) {
	dir := "/proc/" + strconv.Itoa(pid)
	if tasks, err := os.ReadDir(dir + "/task"); err == nil {
		var ns int64
		found := false
		for _, t := range tasks {
			data, err := os.ReadFile(dir + "/task/" + t.Name() + "/schedstat")
			if err != nil {
				continue // the thread has exited
			}
			f := strings.Fields(string(data))
			if len(f) < 2 {
				continue
			}
			run, err1 := strconv.ParseInt(f[0], 10, 64)
			wait, err2 := strconv.ParseInt(f[1], 10, 64)
			if err1 == nil && err2 == nil {
				ns += run + wait
				found = true
			}
		}
		if found {
			return time.Duration(ns), true
		}
	}
	data, err := os.ReadFile(dir + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name in parentheses may hold spaces; the fields after
	// it start with the state (field 3), utime and stime are 14 and 15.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	// Clock ticks of USER_HZ, 100 a second on Linux.
	return time.Duration(utime+stime) * 10 * time.Millisecond, true
}

// RSS returns this process's resident memory in bytes, 0 if unknown.
func RSS() int64 { return selfRSS() }
