/*
 * loadgen.c - the load generator of gnet's benchmark (bench/run.py builds it).
 *
 * One thread, epoll (edge-triggered), non-blocking sockets, loopback only.
 * Scenarios (the same four every server is measured with):
 *
 *   echo      -c C connections (50); each sends one -m M-byte message (64)
 *             and waits for the whole echo before sending the next (closed
 *             loop).  msgs_per_s, round-trip latency percentiles.
 *   bulk      -c C connections (10) stream --chunk bytes per send (64 KiB)
 *             with at most --window un-echoed bytes each (256 KiB), and read
 *             the echo back.  mb_per_s = echoed payload received, 10^6 B/s.
 *   connrate  -c C connects in flight (50); each connects, sends 16 bytes,
 *             reads the 16-byte echo and closes.  conns_per_s.  IPv4 source
 *             addresses are spread over 127.0.0.2.. (--src-ips) so that the
 *             client's ephemeral ports are not the limit.
 *   idle      200 warm-up connections (opened, echo-checked, closed), then
 *             -n N connections (10,000) opened 100 at a time, each checked
 *             with one 16-byte echo and held for --hold seconds; the
 *             server's VmRSS (--pid) before and while they are open gives
 *             kib_per_conn; then all are closed and 20 new connections must
 *             echo (alive_after).
 *
 * Every byte that comes back is compared with what was sent: the payload is
 * a pseudo-random pattern with a prime period, started at a different offset
 * per connection, so lost, repeated, reordered or foreign bytes all count as
 * "mismatch" errors.  Resets, early EOFs, failed connects, stalls (no
 * progress for --timeout s) and work unfinished after the window are errors
 * too.  Runs are bounded: warm-up (-w) + window (-d) + a 3 s drain, with an
 * alarm() backstop.  With --pid the server's CPU time (all threads, from
 * /proc/PID/stat) is sampled over the window.
 *
 * Output: one JSON line on stdout.  Build: cc -O2 -o loadgen loadgen.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PERIOD 65521u            /* prime: the pattern never lines up with a chunk */
#define MAX_CHUNK 262144u
#define CHECK_SIZE 16u           /* connrate / idle message */
#define MAX_SAMPLES (8u << 20)   /* latency samples kept */
#define DRAIN_S 3.0

enum scenario { ECHO, BULK, CONNRATE, IDLE };
enum error_kind { E_MISMATCH, E_EOF, E_RESET, E_CONNECT, E_STALL, E_UNFINISHED, E_KINDS };
static const char *error_names[E_KINDS] = {"mismatch", "eof", "reset", "connect", "stall",
                                           "unfinished"};

static struct {
    enum scenario scenario;
    const char *host, *port;
    int conns, pid, idle_n, src_ips, inflight;
    size_t msg, chunk, window;
    double duration, warmup, hold, timeout;
} opt = {ECHO, "127.0.0.1", NULL, -1, 0, 10000, 32, 100, 64, 65536, 262144, 5.0, 1.0, 2.0, 5.0};

static unsigned char pattern[PERIOD + MAX_CHUNK];
static unsigned char rbuf[MAX_CHUNK];
static long errors[E_KINDS];
static struct sockaddr_storage server_addr;
static socklen_t server_addrlen;
static int ep;

/* ------------------------------------------------------------------ util -- */
static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *what) {
    fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void make_pattern(void) {
    uint32_t x = 2463534242u;    /* xorshift32 */
    for (size_t i = 0; i < PERIOD; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        pattern[i] = (unsigned char)x;
    }
    for (size_t i = PERIOD; i < sizeof pattern; i++)  /* any slice < MAX_CHUNK is contiguous */
        pattern[i] = pattern[i - PERIOD];
}

/* The bytes a connection sends from stream position pos on. */
static const unsigned char *payload(uint32_t offset, uint64_t pos) {
    return pattern + (offset + pos) % PERIOD;
}

static void resolve(void) {
    struct addrinfo hints = {0}, *res;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(opt.host, opt.port, &hints, &res) != 0) {
        fprintf(stderr, "loadgen: cannot resolve %s:%s\n", opt.host, opt.port);
        exit(2);
    }
    memcpy(&server_addr, res->ai_addr, res->ai_addrlen);
    server_addrlen = res->ai_addrlen;
    freeaddrinfo(res);
}

static void raise_fd_limit(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* Server CPU time in seconds (user, system), all threads; 0 without --pid. */
static void server_cpu(double *usr, double *sys) {
    *usr = *sys = 0;
    if (!opt.pid) return;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", opt.pid);
    FILE *f = fopen(path, "r");
    if (!f) return;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');  /* the command name may hold spaces */
    unsigned long ut = 0, st = 0;
    if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) == 2) {
        long hz = sysconf(_SC_CLK_TCK);
        *usr = (double)ut / hz;
        *sys = (double)st / hz;
    }
}

static long server_rss_kib(void) {
    char path[64], line[256];
    long kib = -1;
    snprintf(path, sizeof path, "/proc/%d/status", opt.pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kib) == 1) break;
    fclose(f);
    return kib;
}

static double own_cpu(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec * 1e-6;
}

/* ----------------------------------------------------------- connections -- */
struct conn {
    int fd;
    uint32_t offset;        /* where this connection starts in the pattern */
    uint64_t sent, recvd;   /* stream positions */
    uint64_t goal;          /* echo/check: bytes that must come back before the next step */
    double started;         /* when the current message (or connect) began */
    double progress;        /* last time bytes moved (stall detection) */
    int connected, done;
};

static int open_socket(int index) {
    int fd = socket(server_addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (opt.src_ips > 0 && server_addr.ss_family == AF_INET &&
        ((struct sockaddr_in *)&server_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
        struct sockaddr_in src = {.sin_family = AF_INET};
        src.sin_addr.s_addr = htonl(0x7f000002u + (uint32_t)(index % opt.src_ips));
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        bind(fd, (struct sockaddr *)&src, sizeof src);
    }
    if (connect(fd, (struct sockaddr *)&server_addr, server_addrlen) < 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

static void watch(struct conn *c) {
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl");
}

static void drop(struct conn *c) {
    if (c->fd >= 0) close(c->fd);  /* close() also removes it from epoll */
    c->fd = -1;
}

/* Send up to `limit` bytes of the pattern; returns -1 on a fatal error. */
static int send_some(struct conn *c, uint64_t limit) {
    while (c->sent < limit) {
        size_t n = limit - c->sent;
        if (n > opt.chunk) n = opt.chunk;
        ssize_t w = send(c->fd, payload(c->offset, c->sent), n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN) return 0;
            errors[errno == ECONNRESET || errno == EPIPE ? E_RESET : E_EOF]++;
            return -1;
        }
        c->sent += (size_t)w;
    }
    return 0;
}

/* Read and check what is there; returns bytes read, or -1 on error/EOF. */
static long recv_check(struct conn *c, double t) {
    long total = 0;
    for (;;) {
        ssize_t r = recv(c->fd, rbuf, sizeof rbuf, 0);
        if (r < 0) {
            if (errno == EAGAIN) return total;
            errors[E_RESET]++;
            return -1;
        }
        if (r == 0) {
            errors[E_EOF]++;
            return -1;
        }
        if (c->recvd + (uint64_t)r > c->sent || memcmp(rbuf, payload(c->offset, c->recvd), r)) {
            errors[E_MISMATCH]++;
            return -1;
        }
        c->recvd += (uint64_t)r;
        c->progress = t;
        total += r;
    }
}

static int connect_done(struct conn *c) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) {
        errors[E_CONNECT]++;
        return -1;
    }
    c->connected = 1;
    return 0;
}

/* --------------------------------------------------------------- results -- */
static uint32_t *samples;
static size_t n_samples;

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static double percentile(double p) {
    if (!n_samples) return 0;
    size_t i = (size_t)(p * (n_samples - 1));
    return samples[i];
}

static void print_errors(void) {
    long total = 0;
    for (int k = 0; k < E_KINDS; k++) total += errors[k];
    printf("\"errors\":%ld,\"error_kinds\":{", total);
    for (int k = 0; k < E_KINDS; k++) printf("%s\"%s\":%ld", k ? "," : "", error_names[k], errors[k]);
    printf("}");
}

struct window { double start, end, usr0, sys0, usr1, sys1, cpu0, cpu1; };

static void window_open(struct window *w, double t) {
    w->start = t;
    server_cpu(&w->usr0, &w->sys0);
    w->cpu0 = own_cpu();
}

static void window_close(struct window *w, double t) {
    w->end = t;
    server_cpu(&w->usr1, &w->sys1);
    w->cpu1 = own_cpu();
}

static void print_cpu(const struct window *w) {
    double span = w->end - w->start;
    double usr = (w->usr1 - w->usr0) / span * 100, sys = (w->sys1 - w->sys0) / span * 100;
    printf(",\"server_usr_pct\":%.1f,\"server_sys_pct\":%.1f,\"server_cpu_pct\":%.1f,"
           "\"client_cpu_pct\":%.1f,\"window_s\":%.3f",
           usr, sys, usr + sys, (w->cpu1 - w->cpu0) / span * 100, span);
}

/* --------------------------------------------------------- echo and bulk -- */
/* Both stream the pattern; echo waits for each message, bulk keeps a window. */
static void run_stream(void) {
    int n = opt.conns;
    struct conn *cs = calloc(n, sizeof *cs);
    struct epoll_event evs[256];
    double t0 = now(), warm_end = t0 + opt.warmup, end = warm_end + opt.duration;
    int in_window = 0, stopping = 0;
    uint64_t done = 0, bytes = 0;
    struct window w = {0};
    samples = malloc(MAX_SAMPLES * sizeof *samples);

    for (int i = 0; i < n; i++) {
        cs[i].offset = (uint32_t)(i * 7919u) % PERIOD;
        cs[i].fd = open_socket(i);
        if (cs[i].fd < 0) { errors[E_CONNECT]++; continue; }
        cs[i].started = cs[i].progress = t0;
        watch(&cs[i]);
    }
    for (;;) {
        double t = now();
        if (!in_window && t >= warm_end) { in_window = 1; window_open(&w, t); }
        if (!stopping && t >= end) { stopping = 1; window_close(&w, t); }
        if (stopping) {
            int busy = 0;
            for (int i = 0; i < n; i++) busy |= cs[i].fd >= 0 && cs[i].recvd < cs[i].sent;
            if (!busy || t >= end + DRAIN_S) break;
        }
        int k = epoll_wait(ep, evs, 256, 10);
        t = now();
        for (int e = 0; e < k; e++) {
            struct conn *c = evs[e].data.ptr;
            if (c->fd < 0) continue;
            if (!c->connected && connect_done(c) < 0) { drop(c); continue; }
            long got = recv_check(c, t);
            if (got < 0) { drop(c); continue; }
            if (opt.scenario == ECHO && c->goal && c->recvd == c->goal) {
                if (in_window && !stopping) {
                    done++;
                    if (n_samples < MAX_SAMPLES)
                        samples[n_samples++] = (uint32_t)((t - c->started) * 1e6);
                }
                c->goal = 0;
            } else if (opt.scenario == BULK && in_window && !stopping) {
                bytes += (uint64_t)got;
            }
            if (stopping) continue;
            if (opt.scenario == ECHO && !c->goal) {
                c->goal = c->sent + opt.msg;
                c->started = t;
            }
            uint64_t limit = opt.scenario == ECHO ? c->goal : c->recvd + opt.window;
            if (send_some(c, limit) < 0) drop(c);
        }
        for (int i = 0; i < n; i++)  /* stalls: bytes owed, nothing moved */
            if (cs[i].fd >= 0 && cs[i].recvd < cs[i].sent && t - cs[i].progress > opt.timeout) {
                errors[E_STALL]++;
                drop(&cs[i]);
            }
    }
    for (int i = 0; i < n; i++) {
        if (cs[i].fd >= 0 && cs[i].recvd < cs[i].sent) errors[E_UNFINISHED]++;
        drop(&cs[i]);
    }
    double span = w.end - w.start;
    qsort(samples, n_samples, sizeof *samples, cmp_u32);
    if (opt.scenario == ECHO)
        printf("{\"scenario\":\"echo\",\"conns\":%d,\"msg\":%zu,\"msgs\":%llu,\"msgs_per_s\":%.1f,"
               "\"lat_p50_us\":%.0f,\"lat_p99_us\":%.0f,\"lat_p999_us\":%.0f,",
               n, opt.msg, (unsigned long long)done, done / span, percentile(.5),
               percentile(.99), percentile(.999));
    else
        printf("{\"scenario\":\"bulk\",\"conns\":%d,\"chunk\":%zu,\"window\":%zu,"
               "\"bytes_echoed\":%llu,\"mb_per_s\":%.1f,",
               n, opt.chunk, opt.window, (unsigned long long)bytes, bytes / span / 1e6);
    print_errors();
    print_cpu(&w);
    if (opt.scenario == ECHO)
        printf(",\"server_cpu_us_per_op\":%.2f",
               done ? ((w.usr1 - w.usr0) + (w.sys1 - w.sys0)) / done * 1e6 : 0.0);
    printf("}\n");
}

/* ------------------------------------------------- connrate and the idle -- */
/* One short connection: connect, send CHECK_SIZE bytes, read them back. */
static int check_step(struct conn *c, double t) {
    if (!c->connected) {
        if (connect_done(c) < 0) return -1;
        c->goal = CHECK_SIZE;
        c->progress = t;
    }
    if (recv_check(c, t) < 0) return -1;
    if (send_some(c, c->goal) < 0) return -1;
    if (c->recvd == CHECK_SIZE) c->done = 1;
    return 0;
}

static void start_check(struct conn *c, int index, double t) {
    memset(c, 0, sizeof *c);
    c->offset = (uint32_t)(index * 7919u) % PERIOD;
    c->started = c->progress = t;
    c->fd = open_socket(index);
    if (c->fd < 0) { errors[E_CONNECT]++; return; }
    watch(c);
}

/* Open `count` checked connections, `inflight` at a time; keep them open
 * (their fds in keep[]) or close each once checked.  Returns how many passed. */
static int open_checked(int count, int inflight, int *keep, double deadline) {
    struct conn *cs = calloc(inflight, sizeof *cs);
    struct epoll_event evs[256];
    int started = 0, passed = 0, active = 0;
    for (; started < inflight && started < count; started++, active++)
        start_check(&cs[started], started, now());
    while (active > 0 && now() < deadline) {
        int k = epoll_wait(ep, evs, 256, 10);
        double t = now();
        for (int e = 0; e < k; e++) {
            struct conn *c = evs[e].data.ptr;
            if (c->fd < 0 || c->done) continue;
            if (check_step(c, t) < 0) {
                drop(c);
            } else if (!c->done) {
                continue;
            } else if (keep) {
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                keep[passed++] = c->fd;
                c->fd = -1;
            } else {
                passed++;
                drop(c);
            }
            active--;
            if (started < count) { start_check(c, started++, t); active++; }
        }
        for (int i = 0; i < inflight; i++)
            if (cs[i].fd >= 0 && t - cs[i].progress > opt.timeout) {
                errors[E_STALL]++;
                drop(&cs[i]);
                active--;
                if (started < count) { start_check(&cs[i], started++, t); active++; }
            }
    }
    for (int i = 0; i < inflight; i++)
        if (cs[i].fd >= 0) { errors[E_UNFINISHED]++; drop(&cs[i]); }
    free(cs);
    return passed;
}

static void run_connrate(void) {
    int n = opt.conns, index = 0;
    struct conn *cs = calloc(n, sizeof *cs);
    struct epoll_event evs[256];
    double t0 = now(), warm_end = t0 + opt.warmup, end = warm_end + opt.duration;
    int in_window = 0, stopping = 0;
    uint64_t done = 0;
    struct window w = {0};
    samples = malloc(MAX_SAMPLES * sizeof *samples);
    for (int i = 0; i < n; i++) start_check(&cs[i], index++, t0);
    for (;;) {
        double t = now();
        if (!in_window && t >= warm_end) { in_window = 1; window_open(&w, t); }
        if (!stopping && t >= end) { stopping = 1; window_close(&w, t); }
        if (stopping) {
            int busy = 0;
            for (int i = 0; i < n; i++) busy |= cs[i].fd >= 0;
            if (!busy || t >= end + DRAIN_S) break;
        }
        int k = epoll_wait(ep, evs, 256, 10);
        t = now();
        for (int e = 0; e < k; e++) {
            struct conn *c = evs[e].data.ptr;
            if (c->fd < 0) continue;
            if (check_step(c, t) < 0) drop(c);
            else if (!c->done) continue;
            else {
                drop(c);
                if (in_window && !stopping) {
                    done++;
                    if (n_samples < MAX_SAMPLES)
                        samples[n_samples++] = (uint32_t)((t - c->started) * 1e6);
                }
            }
            if (!stopping) start_check(c, index++, t);
        }
        for (int i = 0; i < n; i++)
            if (cs[i].fd >= 0 && t - cs[i].progress > opt.timeout) {
                errors[E_STALL]++;
                drop(&cs[i]);
                if (!stopping) start_check(&cs[i], index++, t);
            }
    }
    for (int i = 0; i < n; i++)
        if (cs[i].fd >= 0) { errors[E_UNFINISHED]++; drop(&cs[i]); }
    double span = w.end - w.start;
    qsort(samples, n_samples, sizeof *samples, cmp_u32);
    printf("{\"scenario\":\"connrate\",\"conns\":%d,\"completed\":%llu,\"conns_per_s\":%.1f,"
           "\"conn_p50_us\":%.0f,\"conn_p99_us\":%.0f,",
           n, (unsigned long long)done, done / span, percentile(.5), percentile(.99));
    print_errors();
    print_cpu(&w);
    printf("}\n");
}

static void pause_s(double s) {
    struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

static void run_idle(void) {
    int n = opt.idle_n;
    int *fds = malloc(n * sizeof *fds);
    for (int i = 0; i < n; i++) fds[i] = -1;
    double t0 = now();
    int warm = open_checked(200, opt.inflight, NULL, t0 + 30);
    pause_s(0.5);
    long rss0 = server_rss_kib();
    double t1 = now();
    int held = open_checked(n, opt.inflight, fds, t1 + 120);
    double open_s = now() - t1;
    pause_s(opt.hold);
    long rss1 = server_rss_kib();
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0) close(fds[i]);
    pause_s(1.0);
    long rss2 = server_rss_kib();
    int alive = open_checked(20, 20, NULL, now() + 10);
    printf("{\"scenario\":\"idle\",\"n\":%d,\"held\":%d,\"warmup_ok\":%d,\"rss_before_kib\":%ld,"
           "\"rss_open_kib\":%ld,\"rss_after_close_kib\":%ld,\"kib_per_conn\":%.2f,"
           "\"open_s\":%.2f,\"alive_after\":%s,",
           n, held, warm, rss0, rss1, rss2, held ? (double)(rss1 - rss0) / held : 0.0, open_s,
           alive == 20 ? "true" : "false");
    print_errors();
    printf("}\n");
}

/* ------------------------------------------------------------------ main -- */
static void usage(void) {
    fprintf(stderr,
            "usage: loadgen --scenario echo|bulk|connrate|idle --port PORT [--host H]\n"
            "  [-c CONNS] [-m MSG] [-d SECONDS] [-w SECONDS] [--pid PID] [--chunk B]\n"
            "  [--window B] [-n IDLE_N] [--hold S] [--timeout S] [--src-ips N]\n");
    exit(2);
}

int main(int argc, char **argv) {
    static struct option longopts[] = {
        {"scenario", 1, 0, 's'}, {"host", 1, 0, 'H'}, {"port", 1, 0, 'p'},
        {"conns", 1, 0, 'c'},    {"msg", 1, 0, 'm'},  {"duration", 1, 0, 'd'},
        {"warmup", 1, 0, 'w'},   {"pid", 1, 0, 'P'},  {"chunk", 1, 0, 'C'},
        {"window", 1, 0, 'W'},   {"idle-n", 1, 0, 'n'}, {"hold", 1, 0, 'h'},
        {"timeout", 1, 0, 't'},  {"src-ips", 1, 0, 'S'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "s:H:p:c:m:d:w:P:C:W:n:h:t:S:", longopts, NULL)) != -1) {
        switch (ch) {
        case 's':
            if (!strcmp(optarg, "echo")) opt.scenario = ECHO;
            else if (!strcmp(optarg, "bulk")) opt.scenario = BULK;
            else if (!strcmp(optarg, "connrate")) opt.scenario = CONNRATE;
            else if (!strcmp(optarg, "idle")) opt.scenario = IDLE;
            else usage();
            break;
        case 'H': opt.host = optarg; break;
        case 'p': opt.port = optarg; break;
        case 'c': opt.conns = atoi(optarg); break;
        case 'm': opt.msg = strtoul(optarg, NULL, 10); break;
        case 'd': opt.duration = atof(optarg); break;
        case 'w': opt.warmup = atof(optarg); break;
        case 'P': opt.pid = atoi(optarg); break;
        case 'C': opt.chunk = strtoul(optarg, NULL, 10); break;
        case 'W': opt.window = strtoul(optarg, NULL, 10); break;
        case 'n': opt.idle_n = atoi(optarg); break;
        case 'h': opt.hold = atof(optarg); break;
        case 't': opt.timeout = atof(optarg); break;
        case 'S': opt.src_ips = atoi(optarg); break;
        default: usage();
        }
    }
    if (!opt.port || opt.msg == 0 || opt.msg > MAX_CHUNK || opt.chunk == 0 || opt.chunk > MAX_CHUNK)
        usage();
    if (opt.conns < 0) opt.conns = opt.scenario == BULK ? 10 : 50;
    if (opt.scenario == ECHO) opt.chunk = opt.msg;
    signal(SIGPIPE, SIG_IGN);
    alarm((unsigned)(opt.warmup + opt.duration + opt.hold + DRAIN_S + 200));
    raise_fd_limit();
    make_pattern();
    resolve();
    ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    switch (opt.scenario) {
    case ECHO: case BULK: run_stream(); break;
    case CONNRATE: run_connrate(); break;
    case IDLE: run_idle(); break;
    }
    return 0;
}
