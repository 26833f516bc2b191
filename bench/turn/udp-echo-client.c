// Raw UDP echo load against a UDP echo server (turnutils_peer), with no TURN server in between: the ceiling the
// TURN bench compares the servers with. N clients, each with its own connected socket, send M messages of S bytes.
//
//   paced (-z MS, MS > 0): every MS milliseconds each client sends one message, the load shape turnutils_uclient
//     asks for with -z; a sender thread keeps to the schedule while a receiver thread takes the echoes.
//   unpaced (-z 0): each client keeps -w messages in flight and sends the next as soon as an echo comes back; one
//     thread does both. Echoes not back within -t milliseconds count as lost and free their window slot.
//
// Prints one line: "rate=<echoes/s> loss=<%> rtt_ms=<mean> received=<n> sent=<n> seconds=<first send to last echo>
// cpu_s=<this process's CPU seconds>", so the caller can tell whether the client itself was the limit.
//
//   cc -O2 -pthread -o udp-echo-client udp-echo-client.c
//   udp-echo-client -p 23500 -m 75 -n 5000 -l 120 -z 1 [-w 8] [-t 200] [127.0.0.1]
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 32
#define MAX_SIZE 65507
#define HEADER 16 // sequence number, then send time in nanoseconds

struct client {
  int fd;
  uint64_t sent, received;
  uint64_t inflight;        // unpaced mode only
  uint64_t last_progress;   // unpaced mode only: when an echo last came back (or the window was refilled)
};

static struct client *clients;
static int count = 10, size = 120, pace_ms = 1, window = 8, loss_timeout_ms = 200;
static uint64_t messages = 1000;
static int sending_done; // set by the sender thread, read with __atomic_load_n
static uint64_t first_send_ns, last_receive_ns;
static double rtt_sum_ms;
static uint64_t rtt_count;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void die(const char *what) {
  perror(what);
  exit(2);
}

static void send_one(struct client *c, unsigned char *buffer) {
  uint64_t stamp = now_ns();
  memcpy(buffer, &c->sent, 8);
  memcpy(buffer + 8, &stamp, 8);
  // A full socket buffer (ENOBUFS/EAGAIN) counts as a message sent and lost, as it would be on the wire.
  (void)send(c->fd, buffer, (size_t)size, MSG_DONTWAIT);
  __atomic_store_n(&c->sent, c->sent + 1, __ATOMIC_RELAXED);
}

// Takes every echo queued on one client's socket; returns how many.
static int drain(struct client *c, struct mmsghdr *headers, unsigned char (*buffers)[MAX_SIZE]) {
  int n = recvmmsg(c->fd, headers, BATCH, MSG_DONTWAIT, NULL);
  if (n <= 0) return 0;
  uint64_t now = now_ns();
  for (int i = 0; i < n; i++) {
    if (headers[i].msg_len < HEADER) continue;
    uint64_t stamp;
    memcpy(&stamp, buffers[i] + 8, 8);
    rtt_sum_ms += (double)(now - stamp) / 1e6;
    rtt_count++;
  }
  c->received += (uint64_t)n;
  last_receive_ns = now;
  return n;
}

static void *paced_sender(void *unused) {
  (void)unused;
  static unsigned char buffer[MAX_SIZE];
  uint64_t start = now_ns();
  first_send_ns = start;
  for (uint64_t k = 0; k < messages; k++) {
    uint64_t due = start + k * (uint64_t)pace_ms * 1000000u;
    struct timespec t = {(time_t)(due / 1000000000u), (long)(due % 1000000000u)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {
    }
    for (int i = 0; i < count; i++) send_one(&clients[i], buffer);
  }
  __atomic_store_n(&sending_done, 1, __ATOMIC_RELEASE);
  return NULL;
}

static uint64_t total_sent(void) {
  uint64_t s = 0;
  for (int i = 0; i < count; i++) s += __atomic_load_n(&clients[i].sent, __ATOMIC_RELAXED);
  return s;
}

static uint64_t total_received(void) {
  uint64_t r = 0;
  for (int i = 0; i < count; i++) r += clients[i].received;
  return r;
}

// Refills unpaced clients' windows; a window whose echoes stopped coming for loss_timeout_ms is written off as lost.
static int refill(uint64_t now, unsigned char *buffer) {
  int busy = 0;
  for (int i = 0; i < count; i++) {
    struct client *c = &clients[i];
    if (c->inflight > 0 && now - c->last_progress > (uint64_t)loss_timeout_ms * 1000000u) {
      c->inflight = 0;
      c->last_progress = now;
    }
    while (c->inflight < (uint64_t)window && c->sent < messages) {
      send_one(c, buffer);
      c->inflight++;
    }
    if (c->inflight > 0) busy = 1;
  }
  return busy;
}

int main(int argc, char **argv) {
  int port = 0, opt;
  while ((opt = getopt(argc, argv, "p:m:n:l:z:w:t:")) != -1) {
    switch (opt) {
      case 'p': port = atoi(optarg); break;
      case 'm': count = atoi(optarg); break;
      case 'n': messages = strtoull(optarg, NULL, 10); break;
      case 'l': size = atoi(optarg); break;
      case 'z': pace_ms = atoi(optarg); break;
      case 'w': window = atoi(optarg); break;
      case 't': loss_timeout_ms = atoi(optarg); break;
      default:
        fprintf(stderr, "usage: %s -p port [-m clients] [-n messages] [-l bytes] [-z ms, 0 = unpaced] [-w window] [-t loss-ms] [address]\n", argv[0]);
        return 2;
    }
  }
  const char *host = optind < argc ? argv[optind] : "127.0.0.1";
  if (port <= 0 || count < 1 || messages < 1 || size < HEADER || size > MAX_SIZE || pace_ms < 0 || window < 1 || loss_timeout_ms < 1) {
    fprintf(stderr, "error: need -p port, -m >= 1, -n >= 1, -l %d..%d, -z >= 0, -w >= 1, -t >= 1\n", HEADER, MAX_SIZE);
    return 2;
  }

  struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  if (inet_pton(AF_INET, host, &peer.sin_addr) != 1) {
    fprintf(stderr, "error: '%s' is not an IPv4 address\n", host);
    return 2;
  }

  int epoll = epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) die("epoll_create1");
  clients = calloc((size_t)count, sizeof *clients);
  if (!clients) die("calloc");
  for (int i = 0; i < count; i++) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    if (connect(fd, (struct sockaddr *)&peer, sizeof peer) < 0) die("connect");
    struct epoll_event e = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &e) < 0) die("epoll_ctl");
    clients[i].fd = fd;
  }

  static unsigned char buffers[BATCH][MAX_SIZE];
  static unsigned char out[MAX_SIZE];
  struct iovec vectors[BATCH];
  struct mmsghdr headers[BATCH];
  memset(headers, 0, sizeof headers);
  for (int i = 0; i < BATCH; i++) {
    vectors[i] = (struct iovec){buffers[i], MAX_SIZE};
    headers[i].msg_hdr.msg_iov = &vectors[i];
    headers[i].msg_hdr.msg_iovlen = 1;
  }
  memset(out, 0xA5, sizeof out);

  pthread_t sender;
  if (pace_ms > 0) {
    if (pthread_create(&sender, NULL, paced_sender, NULL) != 0) die("pthread_create");
  } else {
    first_send_ns = now_ns();
    for (int i = 0; i < count; i++) clients[i].last_progress = first_send_ns;
    refill(first_send_ns, out);
  }

  // Paced: once the sender is done, echoes still owed get one second to arrive. Unpaced: until every window is empty.
  struct epoll_event events[256];
  uint64_t quiet_since = 0;
  for (;;) {
    int ready = epoll_wait(epoll, events, 256, 50);
    if (ready < 0 && errno != EINTR) die("epoll_wait");
    uint64_t now = now_ns();
    for (int e = 0; e < ready; e++) {
      struct client *c = &clients[events[e].data.u32];
      int n = drain(c, headers, buffers);
      if (pace_ms == 0 && n > 0) {
        c->inflight = c->inflight > (uint64_t)n ? c->inflight - (uint64_t)n : 0;
        c->last_progress = now;
      }
    }
    if (pace_ms == 0) {
      if (!refill(now, out)) break;
      continue;
    }
    if (!__atomic_load_n(&sending_done, __ATOMIC_ACQUIRE)) continue;
    if (ready > 0) quiet_since = 0;
    else if (quiet_since == 0) quiet_since = now;
    if (total_received() >= total_sent() || (quiet_since && now - quiet_since > 1000000000u)) break;
  }
  if (pace_ms > 0) pthread_join(sender, NULL);

  uint64_t sent = total_sent(), received = total_received();
  double seconds = received ? (double)(last_receive_ns - first_send_ns) / 1e9 : 0;
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  double cpu = (double)usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + (double)usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  printf("rate=%.0f loss=%.4f rtt_ms=%.4f received=%llu sent=%llu seconds=%.3f cpu_s=%.2f\n",
         seconds > 0 ? (double)received / seconds : 0, sent ? 100.0 * (double)(sent - received) / (double)sent : 0,
         rtt_count ? rtt_sum_ms / (double)rtt_count : 0, (unsigned long long)received, (unsigned long long)sent, seconds, cpu);
  return 0;
}
