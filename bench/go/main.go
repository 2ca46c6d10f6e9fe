// SPDX-License-Identifier: BSL-1.0
// tallyfy-bench-go: the Go net/http baseline of tallyfy-bench (standard library only). It sends
// the harness's requests with C goroutines over keep-alive TLS connections verified against the
// bench CA, checks every answer as the other sides do (status, typed decoding, task id and status,
// page size), and prints one JSON object of metrics for the harness to read.
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Owners are a task's assignees, typed as the SDK types them.
type Owners struct {
	Users  []int64  `json:"users"`
	Guests []string `json:"guests"`
	Groups []string `json:"groups"`
}

// Time accepts the API's timestamps: RFC 3339 or "2006-01-02 15:04:05" (UTC).
type Time struct{ time.Time }

func (t *Time) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return err
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return fmt.Errorf("bad timestamp %q", s)
}

// Task has the members the SDK's tallyfy::task types; the others are skipped by the decoder.
type Task struct {
	ID                  string                     `json:"id"`
	IncrementID         int64                      `json:"increment_id"`
	Title               string                     `json:"title"`
	RunID               *string                    `json:"run_id"`
	ChecklistID         *string                    `json:"checklist_id"`
	StepID              *string                    `json:"step_id"`
	Status              string                     `json:"status"`
	TaskType            string                     `json:"task_type"`
	IsApproved          *bool                      `json:"is_approved"`
	IsCompletable       bool                       `json:"is_completable"`
	IsOneoffTask        bool                       `json:"is_oneoff_task"`
	Position            int64                      `json:"position"`
	Owners              Owners                     `json:"owners"`
	Deadline            *Time                      `json:"deadline"`
	StartedAt           *Time                      `json:"started_at"`
	CreatedAt           *Time                      `json:"created_at"`
	LastUpdated         *Time                      `json:"last_updated"`
	CompletedAt         *Time                      `json:"completed_at"`
	ArchivedAt          *Time                      `json:"archived_at"`
	CompleterID         *int64                     `json:"completer_id"`
	Summary             *string                    `json:"summary"`
	TasksChangedByRules map[string]json.RawMessage `json:"tasks_changed_by_rules"`
}

type completion struct {
	Data Task `json:"data"`
}

type page struct {
	Data []Task `json:"data"`
	Meta struct {
		Pagination struct {
			Total       int64 `json:"total"`
			Count       int64 `json:"count"`
			PerPage     int64 `json:"per_page"`
			CurrentPage int64 `json:"current_page"`
			TotalPages  int64 `json:"total_pages"`
		} `json:"pagination"`
	} `json:"meta"`
}

type config struct {
	baseURL, caFile, token, org, run, task, mode, userAgent, client string
	requests, warm, concurrency, pages, perPage                     int
}

type worker struct {
	cfg    *config
	client *http.Client
	buf    bytes.Buffer
}

var errCheck = errors.New("check failed")

// do sends request i and checks the answer; returns the items it carried and the body size.
func (w *worker) do(i int) (int, int, error) {
	c := w.cfg
	var req *http.Request
	var err error
	prefix := c.baseURL + "/organizations/" + c.org + "/runs/" + c.run
	if c.mode == "complete" {
		body := `{"task_id":"` + c.task + `"}`
		req, err = http.NewRequest(http.MethodPost, prefix+"/completed-tasks", strings.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	} else {
		p := i%c.pages + 1
		target := prefix + "/tasks?per_page=" + strconv.Itoa(c.perPage) + "&page=" + strconv.Itoa(p)
		req, err = http.NewRequest(http.MethodGet, target, nil)
	}
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Tallyfy-Client", c.client)
	req.Header.Set("User-Agent", c.userAgent)
	res, err := w.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	w.buf.Reset()
	_, err = w.buf.ReadFrom(res.Body)
	res.Body.Close()
	if err != nil {
		return 0, 0, err
	}
	if res.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("%w: HTTP %d", errCheck, res.StatusCode)
	}
	n := w.buf.Len()
	if c.mode == "complete" {
		var v completion
		if err := json.Unmarshal(w.buf.Bytes(), &v); err != nil {
			return 0, 0, err
		}
		if v.Data.ID != c.task || v.Data.Status != "completed" {
			return 0, 0, fmt.Errorf("%w: unexpected task in the response", errCheck)
		}
		return 1, n, nil
	}
	var v page
	if err := json.Unmarshal(w.buf.Bytes(), &v); err != nil {
		return 0, 0, err
	}
	if len(v.Data) != c.perPage || v.Meta.Pagination.PerPage != int64(c.perPage) {
		return 0, 0, fmt.Errorf("%w: unexpected page size %d", errCheck, len(v.Data))
	}
	return len(v.Data), n, nil
}

type totals struct {
	items, bytes int64
	latencyUs    []float64
}

// run sends n requests with the workers, each taking the next index until none is left.
func run(workers []*worker, n int) (totals, error) {
	t := totals{latencyUs: make([]float64, n)}
	var next int64 = -1
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for _, w := range workers {
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			for {
				i := int(atomic.AddInt64(&next, 1))
				if i >= n {
					return
				}
				t0 := time.Now()
				items, size, err := w.do(i)
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					atomic.StoreInt64(&next, int64(n))
					return
				}
				t.latencyUs[i] = float64(time.Since(t0).Nanoseconds()) / 1e3
				atomic.AddInt64(&t.items, int64(items))
				atomic.AddInt64(&t.bytes, int64(size))
			}
		}(w)
	}
	wg.Wait()
	return t, first
}

func cpuSeconds() float64 {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)*1e-6 }
	return tv(u.Utime) + tv(u.Stime)
}

func peakRSSKiB() float64 {
	text, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(text), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				v, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(line[6:], "kB")), 64)
				return v
			}
		}
	}
	return 0
}

func mallocs() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Mallocs
}

func main() {
	var c config
	flag.StringVar(&c.baseURL, "base-url", "", "https://host:port/api")
	flag.StringVar(&c.caFile, "ca-file", "", "PEM of the CA that signed the server's certificate")
	flag.StringVar(&c.token, "token", "bench-token", "bearer token")
	flag.StringVar(&c.org, "org", "", "organization id")
	flag.StringVar(&c.run, "run", "", "run id")
	flag.StringVar(&c.task, "task", "", "task id (complete)")
	flag.StringVar(&c.mode, "mode", "complete", "complete | list")
	flag.StringVar(&c.userAgent, "user-agent", "tallyfy-cpp/0.1", "User-Agent")
	flag.StringVar(&c.client, "client-header", "APIClient", "X-Tallyfy-Client")
	flag.IntVar(&c.requests, "requests", 1000, "timed requests (pages for list)")
	flag.IntVar(&c.warm, "warm", 100, "untimed requests first")
	flag.IntVar(&c.concurrency, "concurrency", 1, "requests in flight")
	flag.IntVar(&c.pages, "pages", 1000, "pages of the list (list cycles through them)")
	flag.IntVar(&c.perPage, "per-page", 100, "tasks per page")
	flag.Parse()
	if err := mainErr(&c); err != nil {
		fmt.Fprintln(os.Stderr, "tallyfy-bench-go:", err)
		os.Exit(1)
	}
}

func mainErr(c *config) error {
	if c.requests < 1 || c.concurrency < 1 || (c.mode != "complete" && c.mode != "list") {
		return errors.New("bad arguments")
	}
	u, err := url.Parse(c.baseURL)
	if err != nil {
		return err
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: u.Hostname()}
	if c.caFile != "" {
		pem, err := os.ReadFile(c.caFile)
		if err != nil {
			return err
		}
		tlsConfig.RootCAs = x509.NewCertPool()
		if !tlsConfig.RootCAs.AppendCertsFromPEM(pem) {
			return errors.New("no certificate in " + c.caFile)
		}
	}
	transport := &http.Transport{
		TLSClientConfig:     tlsConfig,
		MaxIdleConns:        c.concurrency,
		MaxIdleConnsPerHost: c.concurrency,
		MaxConnsPerHost:     c.concurrency,
		DisableCompression:  true, // the other sides send no Accept-Encoding either
		IdleConnTimeout:     90 * time.Second,
	}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	workers := make([]*worker, c.concurrency)
	for i := range workers {
		workers[i] = &worker{cfg: c, client: client}
		workers[i].buf.Grow(128 * 1024)
	}
	if c.warm > 0 {
		warmers := workers
		if c.warm < len(warmers) {
			warmers = warmers[:c.warm]
		}
		if _, err := run(warmers, c.warm); err != nil {
			return err
		}
	}
	runtime.GC()
	m0 := mallocs()
	c0 := cpuSeconds()
	t0 := time.Now()
	got, err := run(workers, c.requests)
	elapsed := time.Since(t0).Seconds()
	c1 := cpuSeconds()
	m1 := mallocs()
	if err != nil {
		return err
	}
	n := float64(c.requests)
	sort.Float64s(got.latencyUs)
	p99 := c.requests * 99 / 100
	if p99 > c.requests-1 {
		p99 = c.requests - 1
	}
	out := map[string]float64{
		"req_per_s":      n / elapsed,
		"cpu_s_per_1k":   (c1 - c0) / n * 1000,
		"allocs_per_req": float64(m1-m0) / n,
		"p50_us":         got.latencyUs[c.requests/2],
		"p99_us":         got.latencyUs[p99],
		"peak_rss_kb":    peakRSSKiB(),
	}
	if c.mode == "list" {
		out["tasks_per_s"] = float64(got.items) / elapsed
		out["mb_per_s"] = float64(got.bytes) / elapsed / 1e6
	}
	text, err := json.Marshal(out)
	if err != nil {
		return err
	}
	fmt.Println(string(text))
	return nil
}
