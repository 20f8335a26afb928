/*
 * tls_loadgen.c - TLS load generator for gnet's TLS benchmark (C, epoll,
 * OpenSSL, one thread).  The TLS twin of bench/loadgen.c; same
 * pattern check, same JSON style, same /proc sampling of the server.
 *
 * Scenarios:
 *   echo       C connections are opened and handshaken during the warm-up;
 *              then each sends an M-byte message (SSL_write) and waits for
 *              the whole echo (SSL_read) before sending the next: messages/s
 *              on established connections, round-trip latency p50/p99.
 *   handshake  C attempts in flight; each: TCP connect, full TLS handshake
 *              (no session resumption), a 16-byte echo (so the server has
 *              finished its side of the handshake, TLS 1.3's last flight),
 *              close_notify, close.  Reports handshakes/s.
 *
 * Every echoed byte is compared with what was sent (pseudo-random pattern
 * with a prime period, shifted per connection/message).  Resets, early
 * EOFs, TLS errors, mismatches and stalls are counted as errors.  The
 * certificate is not verified (this measures the server, not the chain).
 *
 * Build: gcc -O2 -o tls_loadgen tls_loadgen.c -lssl -lcrypto -lm
 * (bench/tls_bench.py builds it into /tmp and runs it.)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PERIOD 65521u
#define MAXEV 1024
#define NS 1000000000ull

enum { SC_ECHO, SC_HANDSHAKE };
static const char *sc_names[] = {"echo", "handshake"};
static int opt_sc = SC_ECHO;
static const char *opt_host = "127.0.0.1";
static const char *opt_port = NULL;
static int opt_conns = 50;
static size_t opt_msg = 64;
static size_t opt_hs_msg = 16;
static double opt_dur = 5.0, opt_warm = 1.0, opt_timeout = 5.0;
static int opt_pid = 0;
static const char *opt_label = "";
static const char *opt_tls = "1.3";
static const char *opt_ciphers = NULL;
static int opt_quickack = -1; /* -1: on for handshake, off for echo */

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}
static void die(const char *msg) {
  fprintf(stderr, "tls_loadgen: %s: %s\n", msg, strerror(errno));
  exit(2);
}

static unsigned char *pat;
static size_t maxchunk;
static void make_pattern(void) {
  pat = malloc(PERIOD + maxchunk);
  if (!pat) die("malloc");
  uint32_t x = 2463534242u;
  for (uint32_t i = 0; i < PERIOD; i++) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    pat[i] = (unsigned char)(x >> 11);
  }
  for (size_t i = PERIOD; i < PERIOD + maxchunk; i++) pat[i] = pat[i % PERIOD];
}

/* latency histogram, as loadgen.c */
#define HBUCKETS (128 + 64 * 58)
static uint64_t hist[HBUCKETS], h_n, h_min = UINT64_MAX, h_max, h_sum;
static int h_idx(uint64_t v) {
  if (v < 128) return (int)v;
  int msb = 63 - __builtin_clzll(v), shift = msb - 6;
  return 128 + (shift - 1) * 64 + (int)((v >> shift) - 64);
}
static uint64_t h_val(int i) {
  if (i < 128) return (uint64_t)i;
  int k = i - 128, shift = k / 64 + 1;
  uint64_t top = 64 + (uint64_t)(k % 64);
  return (top << shift) + ((1ull << shift) >> 1);
}
static void h_rec(uint64_t v) {
  hist[h_idx(v)]++; h_n++; h_sum += v;
  if (v < h_min) h_min = v;
  if (v > h_max) h_max = v;
}
static void h_reset(void) { memset(hist, 0, sizeof hist); h_n = h_sum = h_max = 0; h_min = UINT64_MAX; }
static double h_pct_us(double p) {
  if (!h_n) return 0;
  uint64_t target = (uint64_t)ceil(p / 100.0 * (double)h_n), c = 0;
  if (!target) target = 1;
  for (int i = 0; i < HBUCKETS; i++) {
    c += hist[i];
    if (c >= target) {
      uint64_t v = h_val(i);
      if (v < h_min) v = h_min;
      if (v > h_max) v = h_max;
      return (double)v / 1000.0;
    }
  }
  return (double)h_max / 1000.0;
}

static int proc_cpu(int pid, double *usr, double *sys) {
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  if (!p) return -1;
  unsigned long long ut = 0, st = 0;
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
    return -1;
  double tck = (double)sysconf(_SC_CLK_TCK);
  *usr = (double)ut / tck;
  *sys = (double)st / tck;
  return 0;
}
static double self_cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

enum { E_CONNECT, E_TLS, E_RESET, E_EOF, E_MISMATCH, E_TIMEOUT, E_UNFINISHED, E_NERR };
static const char *err_names[] = {"connect", "tls", "reset", "eof", "mismatch", "timeout", "unfinished"};
static uint64_t errs[E_NERR];
static char first_err[E_NERR][160];
static uint64_t err_total(void) {
  uint64_t s = 0;
  for (int i = 0; i < E_NERR; i++) s += errs[i];
  return s;
}

enum { ST_FREE, ST_CONNECTING, ST_HANDSHAKE, ST_SENDING, ST_READING, ST_IDLE };
typedef struct {
  int fd, state;
  uint32_t gen, events;
  SSL *ssl;
  uint32_t base;
  uint64_t sent, recvd, t_open, t0, t_progress;
  size_t len;
} conn_t;

static conn_t *conns;
static int nconns, epfd;
static struct sockaddr_storage addr;
static socklen_t addrlen;
static SSL_CTX *ctx;
static unsigned char *rbuf;
static size_t rbuf_len = 65536;
static uint64_t msg_counter;

static void set_events(conn_t *c, uint32_t ev) {
  if (c->events == ev) return;
  struct epoll_event e = {.events = ev, .data.u64 = ((uint64_t)c->gen << 32) | (uint32_t)(c - conns)};
  if (epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &e) < 0) die("epoll_ctl mod");
  c->events = ev;
}

static void conn_close(conn_t *c, int notify) {
  if (c->ssl) {
    if (notify) SSL_shutdown(c->ssl); /* our close_notify; do not wait for theirs */
    SSL_free(c->ssl);
    c->ssl = NULL;
  }
  if (c->fd >= 0) close(c->fd);
  c->fd = -1;
  c->state = ST_FREE;
  c->gen++;
}

static void conn_fail(conn_t *c, int kind, const char *why) {
  errs[kind]++;
  if (!first_err[kind][0]) snprintf(first_err[kind], sizeof first_err[kind], "%s", why);
  ERR_clear_error();
  conn_close(c, 0);
}

static void ssl_fail(conn_t *c, int ret, int sslerr) {
  char why[160];
  unsigned long e = ERR_peek_error();
  if (sslerr == SSL_ERROR_ZERO_RETURN) { conn_fail(c, E_EOF, "close_notify"); return; }
  if (sslerr == SSL_ERROR_SYSCALL && !e) {
    if (ret == 0 || errno == 0) conn_fail(c, E_EOF, "EOF");
    else conn_fail(c, E_RESET, strerror(errno));
    return;
  }
  if (e) ERR_error_string_n(e, why, sizeof why);
  else snprintf(why, sizeof why, "ssl error %d", sslerr);
  conn_fail(c, c->state == ST_HANDSHAKE ? E_TLS : E_RESET, why);
}

static int conn_open(conn_t *c, uint64_t t) {
  int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) { errs[E_CONNECT]++; return -1; }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (opt_sc == SC_HANDSHAKE && addr.ss_family == AF_INET) {
    /* spread source addresses (see loadgen.c: connect() port scan past TIME_WAIT) */
    static uint32_t rr;
    struct sockaddr_in src = {.sin_family = AF_INET};
    src.sin_addr.s_addr = htonl(0x7f000002u + rr++ % 32u);
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    bind(fd, (struct sockaddr *)&src, sizeof src);
  }
  c->fd = fd;
  c->gen++;
  c->state = ST_CONNECTING;
  c->t_open = c->t0 = c->t_progress = t;
  c->sent = c->recvd = 0;
  c->events = EPOLLOUT;
  struct epoll_event e = {.events = EPOLLOUT, .data.u64 = ((uint64_t)c->gen << 32) | (uint32_t)(c - conns)};
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &e) < 0) die("epoll_ctl add");
  if (connect(fd, (struct sockaddr *)&addr, addrlen) < 0 && errno != EINPROGRESS) {
    conn_fail(c, E_CONNECT, strerror(errno));
    return -1;
  }
  return 0;
}

static void msg_begin(conn_t *c, size_t len, uint64_t t) {
  c->len = len;
  c->base = (uint32_t)((msg_counter++ * 7919u + (uint64_t)(c - conns) * 104729u) % PERIOD);
  c->sent = c->recvd = 0;
  c->t0 = c->t_progress = t;
  c->state = ST_SENDING;
}

/* Drive one connection as far as it goes without blocking.
 * Returns 1 when a message (echo) or a handshake+echo completed, else 0.
 * After a completed message the state is ST_IDLE; the caller decides. */
static int drive(conn_t *c, uint64_t t) {
  if (opt_quickack && c->fd >= 0) { /* ACK at once: no delayed-ACK x Nagle stalls */
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
  }
  for (;;) {
    switch (c->state) {
    case ST_CONNECTING: {
      int err = 0;
      socklen_t l = sizeof err;
      if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0) err = errno;
      if (err == EINPROGRESS || err == EALREADY) return 0;
      if (err) { conn_fail(c, E_CONNECT, strerror(err)); return 0; }
      c->ssl = SSL_new(ctx);
      SSL_set_fd(c->ssl, c->fd);
      SSL_set_tlsext_host_name(c->ssl, "localhost");
      SSL_set_connect_state(c->ssl);
      c->state = ST_HANDSHAKE;
      c->t_progress = t;
      break;
    }
    case ST_HANDSHAKE: {
      int r = SSL_do_handshake(c->ssl);
      if (r == 1) {
        c->t_progress = t;
        msg_begin(c, opt_sc == SC_HANDSHAKE ? opt_hs_msg : opt_msg, t);
        if (opt_sc == SC_ECHO) { c->state = ST_IDLE; set_events(c, EPOLLIN); return 0; }
        c->t0 = c->t_open;
        break;
      }
      int e = SSL_get_error(c->ssl, r);
      if (e == SSL_ERROR_WANT_READ) { set_events(c, EPOLLIN); return 0; }
      if (e == SSL_ERROR_WANT_WRITE) { set_events(c, EPOLLIN | EPOLLOUT); return 0; }
      ssl_fail(c, r, e);
      return 0;
    }
    case ST_SENDING: {
      int r = SSL_write(c->ssl, pat + c->base + c->sent, (int)(c->len - c->sent));
      if (r > 0) {
        c->sent += (uint64_t)r;
        if (c->sent == c->len) { /* the echo cannot be here yet: wait, no recv() into EAGAIN */
          c->state = ST_READING;
          set_events(c, EPOLLIN);
          return 0;
        }
        break;
      }
      int e = SSL_get_error(c->ssl, r);
      if (e == SSL_ERROR_WANT_WRITE) { set_events(c, EPOLLIN | EPOLLOUT); return 0; }
      if (e == SSL_ERROR_WANT_READ) { set_events(c, EPOLLIN); return 0; }
      ssl_fail(c, r, e);
      return 0;
    }
    case ST_READING: {
      int r = SSL_read(c->ssl, rbuf, (int)rbuf_len);
      if (r > 0) {
        if (c->recvd + (uint64_t)r > c->sent ||
            memcmp(rbuf, pat + c->base + c->recvd, (size_t)r) != 0) {
          conn_fail(c, E_MISMATCH, "echoed bytes differ");
          return 0;
        }
        c->recvd += (uint64_t)r;
        c->t_progress = t;
        if (c->recvd == c->len) { c->state = ST_IDLE; return 1; }
        break;
      }
      int e = SSL_get_error(c->ssl, r);
      if (e == SSL_ERROR_WANT_READ) { set_events(c, EPOLLIN); return 0; }
      if (e == SSL_ERROR_WANT_WRITE) { set_events(c, EPOLLIN | EPOLLOUT); return 0; }
      ssl_fail(c, r, e);
      return 0;
    }
    case ST_IDLE: { /* echo: between messages nothing may arrive (tickets are TLS records) */
      if (!c->ssl) return 0;
      int r = SSL_read(c->ssl, rbuf, (int)rbuf_len);
      if (r > 0) { conn_fail(c, E_MISMATCH, "unexpected data"); return 0; }
      int e = SSL_get_error(c->ssl, r);
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return 0;
      ssl_fail(c, r, e);
      return 0;
    }
    default:
      return 0;
    }
  }
}

static void setup(int n) {
  nconns = n;
  conns = calloc((size_t)n, sizeof *conns);
  if (!conns) die("calloc");
  for (int i = 0; i < n; i++) conns[i].fd = -1;
  epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) die("epoll_create1");
}

static conn_t *ev_conn(struct epoll_event *e) {
  uint32_t idx = (uint32_t)e->data.u64, gen = (uint32_t)(e->data.u64 >> 32);
  if (idx >= (uint32_t)nconns) return NULL;
  conn_t *c = &conns[idx];
  if (c->fd < 0 || c->gen != gen) return NULL;
  return c;
}

static void check_stalls(uint64_t t) {
  uint64_t lim = (uint64_t)(opt_timeout * 1e9);
  for (int i = 0; i < nconns; i++) {
    conn_t *c = &conns[i];
    if (c->fd < 0 || c->state == ST_IDLE) continue;
    if (t - c->t_progress > lim) conn_fail(c, E_TIMEOUT, "stalled");
  }
}

static void run(void) {
  struct epoll_event evs[MAXEV];
  setup(opt_conns);
  uint64_t t = now_ns(), t_warm = t + (uint64_t)(opt_warm * 1e9),
           t_end = t_warm + (uint64_t)(opt_dur * 1e9), t_drain = t_end + 2 * NS, t_scan = t;
  for (int i = 0; i < nconns; i++) conn_open(&conns[i], t);
  int phase = 0;
  uint64_t ops = 0, attempts = 0, err0 = 0;
  uint64_t w_t0 = 0, w_t1 = 0;
  double su0 = 0, ss0 = 0, su1 = 0, ss1 = 0, c0 = 0, c1 = 0;
  int have_srv = 0;
  for (;;) {
    int n = epoll_wait(epfd, evs, MAXEV, 10);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    t = now_ns();
    for (int i = 0; i < n; i++) {
      conn_t *c = ev_conn(&evs[i]);
      if (!c) continue;
      t = now_ns();
      if (drive(c, t)) {
        if (phase == 1) { ops++; h_rec(t - c->t0); }
        if (opt_sc == SC_HANDSHAKE || phase == 2) conn_close(c, 1);
        else { msg_begin(c, opt_msg, t); drive(c, t); }
      }
    }
    if (opt_sc == SC_ECHO && phase < 2) { /* start echoing once connected */
      for (int i = 0; i < nconns; i++)
        if (conns[i].fd >= 0 && conns[i].state == ST_IDLE) {
          msg_begin(&conns[i], opt_msg, t);
          if (drive(&conns[i], t)) { conns[i].state = ST_IDLE; }
        }
    }
    if (phase == 0 && t >= t_warm) {
      phase = 1; h_reset(); ops = 0; attempts = 0; err0 = err_total();
      w_t0 = t;
      have_srv = opt_pid && proc_cpu(opt_pid, &su0, &ss0) == 0;
      c0 = self_cpu();
    }
    if (phase == 1 && t >= t_end) {
      phase = 2; w_t1 = t;
      if (have_srv && proc_cpu(opt_pid, &su1, &ss1) != 0) have_srv = 0;
      c1 = self_cpu();
      for (int i = 0; i < nconns; i++) {
        conn_t *c = &conns[i];
        if (c->fd < 0) continue;
        if (opt_sc == SC_HANDSHAKE || c->state == ST_IDLE || c->state == ST_CONNECTING ||
            c->state == ST_HANDSHAKE)
          conn_close(c, 0);
      }
    }
    if (t - t_scan > 100000000ull) {
      t_scan = t;
      check_stalls(t);
      if (opt_sc == SC_ECHO && phase < 2)
        for (int i = 0; i < nconns; i++) if (conns[i].fd < 0) conn_open(&conns[i], t);
    }
    if (phase < 2 && opt_sc == SC_HANDSHAKE) {
      for (int i = 0; i < nconns; i++)
        if (conns[i].fd < 0) { attempts++; conn_open(&conns[i], t); }
    }
    if (phase == 2) {
      int open = 0;
      for (int i = 0; i < nconns; i++) open += conns[i].fd >= 0;
      if (!open) break;
      if (t >= t_drain) {
        for (int i = 0; i < nconns; i++)
          if (conns[i].fd >= 0) { errs[E_UNFINISHED]++; conn_close(&conns[i], 0); }
        break;
      }
    }
  }
  double secs = (double)(w_t1 - w_t0) / 1e9;
  printf("{\"scenario\":\"%s\",\"label\":\"%s\",\"host\":\"%s\",\"port\":%d,\"conns\":%d,"
         "\"tls\":\"%s\",\"quickack\":%d,\"window_s\":%.3f",
         sc_names[opt_sc], opt_label, opt_host, atoi(opt_port), opt_conns, opt_tls, opt_quickack, secs);
  if (have_srv && secs > 0) {
    double u = su1 - su0, s = ss1 - ss0;
    printf(",\"server_usr_pct\":%.1f,\"server_sys_pct\":%.1f,\"server_cpu_pct\":%.1f",
           100 * u / secs, 100 * s / secs, 100 * (u + s) / secs);
    if (ops) printf(",\"server_cpu_us_per_op\":%.2f", 1e6 * (u + s) / (double)ops);
  }
  if (secs > 0) printf(",\"client_cpu_pct\":%.1f", 100 * (c1 - c0) / secs);
  if (opt_sc == SC_ECHO)
    printf(",\"msg_size\":%zu,\"messages\":%llu,\"msgs_per_s\":%.1f,\"bytes_validated\":%llu",
           opt_msg, (unsigned long long)ops, secs > 0 ? (double)ops / secs : 0,
           (unsigned long long)(2 * ops * opt_msg));
  else
    printf(",\"handshakes\":%llu,\"attempts\":%llu,\"handshakes_per_s\":%.1f,\"errors_in_window\":%llu",
           (unsigned long long)ops, (unsigned long long)attempts, secs > 0 ? (double)ops / secs : 0,
           (unsigned long long)(err_total() - err0));
  printf(",\"lat_p50_us\":%.1f,\"lat_p99_us\":%.1f,\"lat_mean_us\":%.1f", h_pct_us(50),
         h_pct_us(99), h_n ? (double)h_sum / (double)h_n / 1000 : 0);
  printf(",\"errors\":%llu,\"error_kinds\":{", (unsigned long long)err_total());
  int first = 1;
  for (int i = 0; i < E_NERR; i++)
    if (errs[i]) { printf("%s\"%s\":%llu", first ? "" : ",", err_names[i], (unsigned long long)errs[i]); first = 0; }
  printf("},\"first_error\":{");
  first = 1;
  for (int i = 0; i < E_NERR; i++)
    if (first_err[i][0]) { printf("%s\"%s\":\"%s\"", first ? "" : ",", err_names[i], first_err[i]); first = 0; }
  printf("}}\n");
  fflush(stdout);
}

static void usage(void) {
  fprintf(stderr,
          "usage: tls_loadgen --scenario echo|handshake --port PORT [options]\n"
          "  --host H       server address (127.0.0.1)\n"
          "  -c N           connections (echo) / attempts in flight (handshake) (50)\n"
          "  -m BYTES       echo message size (64)\n"
          "  -d SECONDS     measured window (5)     -w SECONDS  warm-up (1)\n"
          "  --pid PID      server pid: sample its CPU\n"
          "  --tls 1.2|1.3  protocol version (1.3)  --ciphers LIST  (TLS 1.2 cipher list)\n"
          "  --timeout S    stall timeout (5)       --label STR\n"
          "  --quickack 0|1 set TCP_QUICKACK before every read (default: 1 for handshake,\n"
          "                 0 for echo): a server's Nagle wait behind its session tickets\n"
          "                 then costs no 40 ms delayed-ACK stall per handshake\n");
  exit(2);
}

int main(int argc, char **argv) {
  static struct option lo[] = {
      {"scenario", 1, 0, 's'}, {"host", 1, 0, 'H'}, {"port", 1, 0, 'p'}, {"pid", 1, 0, 'P'},
      {"timeout", 1, 0, 't'}, {"label", 1, 0, 'l'}, {"tls", 1, 0, 'T'}, {"ciphers", 1, 0, 'C'}, {"quickack", 1, 0, 'Q'},
      {"help", 0, 0, '?'}, {0, 0, 0, 0}};
  int o;
  while ((o = getopt_long(argc, argv, "s:p:c:m:d:w:", lo, NULL)) != -1) {
    switch (o) {
    case 's':
      if (!strcmp(optarg, "echo")) opt_sc = SC_ECHO;
      else if (!strcmp(optarg, "handshake")) opt_sc = SC_HANDSHAKE;
      else usage();
      break;
    case 'H': opt_host = optarg; break;
    case 'p': opt_port = optarg; break;
    case 'c': opt_conns = atoi(optarg); break;
    case 'm': opt_msg = (size_t)atol(optarg); break;
    case 'd': opt_dur = atof(optarg); break;
    case 'w': opt_warm = atof(optarg); break;
    case 'P': opt_pid = atoi(optarg); break;
    case 't': opt_timeout = atof(optarg); break;
    case 'l': opt_label = optarg; break;
    case 'T': opt_tls = optarg; break;
    case 'C': opt_ciphers = optarg; break;
    case 'Q': opt_quickack = atoi(optarg); break;
    default: usage();
    }
  }
  if (!opt_port || opt_conns < 1 || opt_conns > 100000 || opt_msg < 1 || opt_msg > (16u << 20) ||
      opt_dur <= 0 || opt_dur > 600 || opt_warm < 0 || opt_warm > 60)
    usage();
  if (opt_quickack < 0) opt_quickack = opt_sc == SC_HANDSHAKE;
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai;
  int gr = getaddrinfo(opt_host, opt_port, &hints, &ai);
  if (gr) { fprintf(stderr, "tls_loadgen: %s: %s\n", opt_host, gai_strerror(gr)); return 2; }
  memcpy(&addr, ai->ai_addr, ai->ai_addrlen);
  addrlen = ai->ai_addrlen;
  freeaddrinfo(ai);

  ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) { fprintf(stderr, "tls_loadgen: SSL_CTX_new failed\n"); return 2; }
  int ver = !strcmp(opt_tls, "1.2") ? TLS1_2_VERSION : TLS1_3_VERSION;
  SSL_CTX_set_min_proto_version(ctx, ver);
  SSL_CTX_set_max_proto_version(ctx, ver);
  if (opt_ciphers && !SSL_CTX_set_cipher_list(ctx, opt_ciphers)) {
    fprintf(stderr, "tls_loadgen: bad --ciphers\n");
    return 2;
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF); /* full handshakes */
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);

  alarm((unsigned)(opt_warm + opt_dur + 30) + 1);
  signal(SIGPIPE, SIG_IGN);
  maxchunk = opt_msg > rbuf_len ? opt_msg : rbuf_len;
  rbuf = malloc(rbuf_len);
  if (!rbuf) die("malloc");
  make_pattern();
  run();
  return 0;
}
