/*
 * A light load client for bench/fabric.ts: N concurrent loops that each connect to the next target
 * (round robin), wait for the first bytes of the greeting, close, and start over. One thread and epoll,
 * so the client costs the shared cores far less than the server it measures (the Node client of
 * bench/fabric.ts took 70-90 % of a core at 5-7k connections/s).
 *
 *   accept-load WARMUP_S WINDOW_S LOOPS IP:PORT [IP:PORT ...]
 *
 * Counts only connections finished inside the window (after the warm-up). A connection that gets no
 * greeting within 5 s, or is refused or reset, counts as failed. Prints one JSON line:
 *   {"completed":N,"failed":N,"seconds":S,"perSecond":R,"clientCpuSeconds":C}
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define GREETING_TIMEOUT_S 5.0
#define MAX_FDS 65536

static struct sockaddr_in *targets;
static int target_count;
static int next_target;
static int epoll_fd;
static double started_at[MAX_FDS];

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Opens one connection to the next target; 0 when it could not even be started. */
static int start_one(void) {
  const struct sockaddr_in *to = &targets[next_target++ % target_count];
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  if (fd >= MAX_FDS) {
    close(fd);
    return 0;
  }
  if (connect(fd, (const struct sockaddr *)to, sizeof *to) != 0 && errno != EINPROGRESS) {
    close(fd);
    return 0;
  }
  struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = fd};
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
    close(fd);
    return 0;
  }
  started_at[fd] = now();
  return 1;
}

static int parse_target(const char *text, struct sockaddr_in *out) {
  char host[64];
  const char *colon = strrchr(text, ':');
  if (!colon || colon == text || (size_t)(colon - text) >= sizeof host) return 0;
  memcpy(host, text, (size_t)(colon - text));
  host[colon - text] = '\0';
  long port = strtol(colon + 1, NULL, 10);
  if (port < 1 || port > 65535) return 0;
  memset(out, 0, sizeof *out);
  out->sin_family = AF_INET;
  out->sin_port = htons((unsigned short)port);
  return inet_pton(AF_INET, host, &out->sin_addr) == 1;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s WARMUP_S WINDOW_S LOOPS IP:PORT [IP:PORT ...]\n", argv[0]);
    return 2;
  }
  double warmup = atof(argv[1]), window = atof(argv[2]);
  int loops = atoi(argv[3]);
  target_count = argc - 4;
  targets = calloc((size_t)target_count, sizeof *targets);
  if (!targets || loops < 1 || window <= 0) return 2;
  for (int i = 0; i < target_count; i++) {
    if (!parse_target(argv[4 + i], &targets[i])) {
      fprintf(stderr, "bad target %s (want IPv4:port)\n", argv[4 + i]);
      return 2;
    }
  }
  epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) return 1;

  long completed = 0, failed = 0;
  int open_loops = 0;
  for (int i = 0; i < loops; i++) open_loops += start_one();

  double begin = now(), count_from = begin + warmup, end = count_from + window, last_sweep = begin;
  char buf[4096];
  struct epoll_event events[1024];
  while (now() < end) {
    int n = epoll_wait(epoll_fd, events, 1024, 50);
    double t = now();
    int counting = t >= count_from;
    for (int i = 0; i < n; i++) {
      int fd = events[i].data.fd;
      ssize_t got = read(fd, buf, sizeof buf);
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (counting) {
        if (got > 0) completed++;
        else failed++;
      }
      close(fd);
      started_at[fd] = 0;
      open_loops--;
    }
    /* Greetings that never came: give up on them so their loops go on. */
    if (t - last_sweep >= 0.5) {
      last_sweep = t;
      for (int fd = 0; fd < MAX_FDS; fd++) {
        if (started_at[fd] > 0 && t - started_at[fd] > GREETING_TIMEOUT_S) {
          close(fd);
          started_at[fd] = 0;
          open_loops--;
          if (counting) failed++;
        }
      }
    }
    while (open_loops < loops && start_one()) open_loops++;
  }
  double seconds = now() - count_from;
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  double cpu = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
               (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
  printf("{\"completed\":%ld,\"failed\":%ld,\"seconds\":%.3f,\"perSecond\":%.1f,\"clientCpuSeconds\":%.3f}\n",
         completed, failed, seconds, (double)completed / seconds, cpu);
  return 0;
}
