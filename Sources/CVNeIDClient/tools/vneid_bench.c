/*
 * vneid-bench: a lean load generator for the frames protocol (proto/vneid/v1/frames.md).
 *
 *   vneid-bench --server HOST:PORT --method authenticate --service NAME --requests-file TOKENS
 *   vneid-bench --server HOST:PORT --method status --requests-file IDS
 *       [--connections 2] [--in-flight 8] [--duration 10] [--warmup 2] [--calls N]
 *
 * The API key comes from VNEID_API_KEY. The requests file holds one token (authenticate) or
 * one account id (status) per line; they are presented in order, each once while the file
 * lasts, then again from the top (the report says how often).
 *
 * It is built to cost the daemon's machine as little as possible, so that a benchmark on
 * one machine measures the daemon: one thread, plaintext, every connection pipelined
 * (--in-flight calls spread over the connections, a new call opened as soon as one ends),
 * the frames of one wake-up written with one write(2), waits in epoll(7). Every answer is
 * checked: a call counts as an error unless it ends OK and, for Authenticate, ALLOWs.
 * Latency runs from the write of a call's frame to the read of its status. With --calls N
 * it stops after N calls instead of after --duration seconds (and the warm-up is 0 unless
 * given), presenting each line at most once when the file holds N lines.
 *
 * Prints the same lines as `vneidctl bench` (`throughput N requests/s`, `latency ms ...`).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vneid/v1/accounts.pb-c.h"
#include "vneid/v1/authentication.pb-c.h"
#include "vneid/v1/frames.pb-c.h"

#define MAX_FRAME (16u * 1024u * 1024u)

static const unsigned char preface[8] = {'V', 'N', 'E', 'I', 'D', 'F', 1, 0};

/* One call in flight: its id and when its frame was written. */
typedef struct {
    uint64_t id;
    int64_t started_ns;
} slot;

typedef struct {
    int fd;
    uint8_t *in;
    size_t in_length, in_capacity;
    uint8_t *out;
    size_t out_length, out_capacity;
    slot *slots;
    int depth, open_calls;
    uint64_t next_id;
} connection;

typedef struct {
    const char *method_name;
    int authenticate;
    const char *service;
    const char *api_key;
    char **requests;
    size_t request_count, next_request, presented;
    size_t call_limit; /* 0: stop by time */
    int64_t *latencies;
    size_t latency_count, latency_capacity;
    uint64_t errors;
    char first_error[512];
    int recording, sending;
} bench;

static void die(const char *format, const char *detail) {
    fprintf(stderr, "vneid-bench: ");
    fprintf(stderr, format, detail);
    fprintf(stderr, "\n");
    exit(2);
}

static int64_t now_ns(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (int64_t)time.tv_sec * 1000000000 + time.tv_nsec;
}

static void *grow(void *buffer, size_t *capacity, size_t needed, size_t element) {
    if (needed <= *capacity) return buffer;
    size_t wanted = *capacity ? *capacity : 64;
    while (wanted < needed) wanted *= 2;
    void *grown = realloc(buffer, wanted * element);
    if (!grown) die("%s", "out of memory");
    *capacity = wanted;
    return grown;
}

static char **read_lines(const char *path, size_t *count) {
    FILE *file = fopen(path, "r");
    if (!file) die("cannot read %s", path);
    char **lines = NULL;
    size_t capacity = 0, length = 0;
    char *line = NULL;
    size_t line_capacity = 0;
    ssize_t read;
    while ((read = getline(&line, &line_capacity, file)) > 0) {
        while (read > 0 && (line[read - 1] == '\n' || line[read - 1] == '\r')) line[--read] = 0;
        if (read == 0) continue;
        lines = grow(lines, &capacity, length + 1, sizeof *lines);
        lines[length] = strdup(line);
        if (!lines[length++]) die("%s", "out of memory");
    }
    free(line);
    fclose(file);
    if (length == 0) die("%s holds no requests", path);
    *count = length;
    return lines;
}

static int connect_to(const char *server) {
    char host[256];
    const char *colon = strrchr(server, ':');
    if (!colon || (size_t)(colon - server) >= sizeof host) die("--server %s is not HOST:PORT", server);
    memcpy(host, server, (size_t)(colon - server));
    host[colon - server] = 0;
    struct addrinfo hints = {0}, *addresses;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, colon + 1, &hints, &addresses) != 0) die("cannot resolve %s", server);
    int fd = socket(addresses->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, addresses->ai_addr, addresses->ai_addrlen) != 0) die("cannot connect to %s", server);
    freeaddrinfo(addresses);
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return fd;
}

static void write_all(int fd, const uint8_t *bytes, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) die("%s", "the daemon closed a connection");
        bytes += written;
        length -= (size_t)written;
    }
}

static void note_error(bench *run, const char *format, const char *detail) {
    if (!run->recording) return;
    run->errors++;
    if (!run->first_error[0]) snprintf(run->first_error, sizeof run->first_error, format, detail);
}

/* Appends a new call's frame to the connection's output, unless --calls were all opened. */
static void queue_call(bench *run, connection *line) {
    if (run->call_limit && run->presented >= run->call_limit) {
        run->sending = 0;
        return;
    }
    const char *text = run->requests[run->next_request];
    run->next_request = (run->next_request + 1) % run->request_count;
    run->presented++;
    uint8_t request_bytes[20000];
    size_t request_length;
    if (run->authenticate) {
        Vneid__V1__AuthenticateRequest request = VNEID__V1__AUTHENTICATE_REQUEST__INIT;
        request.token = (char *)text;
        request.service = (char *)run->service;
        if (vneid__v1__authenticate_request__get_packed_size(&request) > sizeof request_bytes) die("%s", "a line of the requests file is too long");
        request_length = vneid__v1__authenticate_request__pack(&request, request_bytes);
    } else {
        Vneid__V1__GetAccountStatusRequest request = VNEID__V1__GET_ACCOUNT_STATUS_REQUEST__INIT;
        request.account_id = (char *)text;
        if (vneid__v1__get_account_status_request__get_packed_size(&request) > sizeof request_bytes) die("%s", "a line of the requests file is too long");
        request_length = vneid__v1__get_account_status_request__pack(&request, request_bytes);
    }
    Vneid__V1__CallStart start = VNEID__V1__CALL_START__INIT;
    start.method = (char *)run->method_name;
    start.api_key = (char *)run->api_key;
    start.timeout_ms = 10000;
    start.request.data = request_bytes;
    start.request.len = request_length;
    Vneid__V1__Frame frame = VNEID__V1__FRAME__INIT;
    frame.call_id = line->next_id++;
    frame.body_case = VNEID__V1__FRAME__BODY_CALL;
    frame.call = &start;
    size_t size = vneid__v1__frame__get_packed_size(&frame);
    line->out = grow(line->out, &line->out_capacity, line->out_length + 4 + size, 1);
    uint8_t *at = line->out + line->out_length;
    at[0] = (uint8_t)(size >> 24);
    at[1] = (uint8_t)(size >> 16);
    at[2] = (uint8_t)(size >> 8);
    at[3] = (uint8_t)size;
    vneid__v1__frame__pack(&frame, at + 4);
    line->out_length += 4 + size;
    for (int index = 0; index < line->depth; index++) {
        if (line->slots[index].id == 0) {
            line->slots[index].id = frame.call_id;
            line->slots[index].started_ns = 0; /* set when the frame is written */
            break;
        }
    }
    line->open_calls++;
}

/* Writes what was queued and stamps the calls it carried. */
static void flush(connection *line) {
    if (line->out_length == 0) return;
    write_all(line->fd, line->out, line->out_length);
    line->out_length = 0;
    int64_t now = now_ns();
    for (int index = 0; index < line->depth; index++) {
        if (line->slots[index].id != 0 && line->slots[index].started_ns == 0) line->slots[index].started_ns = now;
    }
}

/* Acts on one frame from the daemon. */
static void receive(bench *run, connection *line, const uint8_t *bytes, size_t length) {
    Vneid__V1__Frame *frame = vneid__v1__frame__unpack(NULL, length, bytes);
    if (!frame) die("%s", "the daemon sent a frame that is not a vneid.v1.Frame");
    if (frame->body_case == VNEID__V1__FRAME__BODY_GOAWAY) {
        die("the daemon sent goaway: %s", frame->goaway->message);
    }
    if (frame->body_case != VNEID__V1__FRAME__BODY_STATUS) {
        vneid__v1__frame__free_unpacked(frame, NULL);
        return;
    }
    int64_t now = now_ns();
    for (int index = 0; index < line->depth; index++) {
        if (line->slots[index].id != frame->call_id) continue;
        if (run->recording) {
            run->latencies = grow(run->latencies, &run->latency_capacity, run->latency_count + 1, sizeof *run->latencies);
            run->latencies[run->latency_count++] = now - line->slots[index].started_ns;
        }
        line->slots[index].id = 0;
        line->open_calls--;
        break;
    }
    Vneid__V1__CallStatus *status = frame->status;
    if (status->code != 0) {
        note_error(run, "%s", status->message);
    } else if (run->authenticate) {
        Vneid__V1__AuthenticateResponse *answer =
            vneid__v1__authenticate_response__unpack(NULL, status->response.len, status->response.data);
        if (!answer) {
            note_error(run, "%s", "an Authenticate answer is not a vneid.v1.AuthenticateResponse");
        } else {
            if (answer->decision != VNEID__V1__DECISION__DECISION_ALLOW) note_error(run, "denied: %s", answer->detail);
            vneid__v1__authenticate_response__free_unpacked(answer, NULL);
        }
    }
    vneid__v1__frame__free_unpacked(frame, NULL);
    if (run->sending) queue_call(run, line);
}

/* Reads what the daemon sent on `line` and acts on every whole frame. */
static void drain(bench *run, connection *line) {
    line->in = grow(line->in, &line->in_capacity, line->in_length + 65536, 1);
    ssize_t got = read(line->fd, line->in + line->in_length, line->in_capacity - line->in_length);
    if (got < 0 && errno == EINTR) return;
    if (got <= 0) die("%s", "the daemon closed a connection");
    line->in_length += (size_t)got;
    size_t at = 0;
    while (line->in_length - at >= 4) {
        const uint8_t *header = line->in + at;
        uint32_t size = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 | (uint32_t)header[2] << 8 | header[3];
        if (size > MAX_FRAME) die("%s", "the daemon sent an oversized frame");
        if (line->in_length - at < 4 + (size_t)size) {
            line->in = grow(line->in, &line->in_capacity, 4 + (size_t)size, 1);
            break;
        }
        receive(run, line, header + 4, size);
        at += 4 + size;
    }
    memmove(line->in, line->in + at, line->in_length - at);
    line->in_length -= at;
}

static int compare(const void *left, const void *right) {
    int64_t a = *(const int64_t *)left, b = *(const int64_t *)right;
    return (a > b) - (a < b);
}

static double percentile_ms(const bench *run, double percentile) {
    if (run->latency_count == 0) return 0;
    size_t index = (size_t)((double)run->latency_count * percentile / 100.0);
    if (index >= run->latency_count) index = run->latency_count - 1;
    return (double)run->latencies[index] / 1e6;
}

int main(int argc, char **argv) {
    const char *server = NULL, *method = NULL, *file = NULL;
    bench run = {0};
    int connections = 2, in_flight = 8, warmup_given = 0;
    double duration = 10, warmup = 2;
    for (int index = 1; index < argc; index++) {
        const char *option = argv[index];
        const char *value = index + 1 < argc ? argv[index + 1] : NULL;
        if (!value) die("%s needs a value", option);
        index++;
        if (strcmp(option, "--server") == 0) server = value;
        else if (strcmp(option, "--method") == 0) method = value;
        else if (strcmp(option, "--service") == 0) run.service = value;
        else if (strcmp(option, "--requests-file") == 0) file = value;
        else if (strcmp(option, "--connections") == 0) connections = atoi(value);
        else if (strcmp(option, "--in-flight") == 0) in_flight = atoi(value);
        else if (strcmp(option, "--duration") == 0) duration = atof(value);
        else if (strcmp(option, "--warmup") == 0) {
            warmup = atof(value);
            warmup_given = 1;
        }
        else if (strcmp(option, "--calls") == 0) run.call_limit = (size_t)atol(value);
        else die("unknown option %s; see the comment at the top of vneid_bench.c", option);
    }
    run.api_key = getenv("VNEID_API_KEY");
    if (!server || !method || !file || !run.api_key) die("%s", "give --server, --method, --requests-file and VNEID_API_KEY");
    if (strcmp(method, "authenticate") == 0) {
        if (!run.service) die("%s", "--method authenticate needs --service");
        run.authenticate = 1;
        run.method_name = "vneid.v1.AuthenticationService/Authenticate";
    } else if (strcmp(method, "status") == 0) {
        run.method_name = "vneid.v1.AccountService/GetAccountStatus";
    } else {
        die("--method %s: use authenticate or status", method);
    }
    if (run.call_limit) {
        if (!warmup_given) warmup = 0;
        duration = 1e9;
    }
    if (connections < 1 || in_flight < connections || duration <= 0 || warmup < 0) {
        die("%s", "--connections must be at least 1, --in-flight at least --connections, --duration above 0");
    }
    run.requests = read_lines(file, &run.request_count);

    int poller = epoll_create1(0);
    connection *lines = calloc((size_t)connections, sizeof *lines);
    if (poller < 0 || !lines) die("%s", "cannot set up epoll");
    for (int index = 0; index < connections; index++) {
        connection *line = &lines[index];
        line->fd = connect_to(server);
        line->depth = in_flight / connections + (index < in_flight % connections);
        line->slots = calloc((size_t)line->depth, sizeof *line->slots);
        line->next_id = 1;
        write_all(line->fd, preface, sizeof preface);
        uint8_t answer[8];
        size_t got = 0;
        while (got < sizeof answer) {
            ssize_t read_now = read(line->fd, answer + got, sizeof answer - got);
            if (read_now <= 0) die("%s", "the daemon closed the connection before its preface");
            got += (size_t)read_now;
        }
        if (memcmp(answer, preface, 6) != 0) die("%s is not a frames listener", server);
        struct epoll_event event = {.events = EPOLLIN, .data.ptr = line};
        epoll_ctl(poller, EPOLL_CTL_ADD, line->fd, &event);
    }

    run.sending = 1;
    for (int index = 0; index < connections; index++) {
        for (int call = 0; call < lines[index].depth; call++) queue_call(&run, &lines[index]);
        flush(&lines[index]);
    }
    int64_t start = now_ns();
    int64_t measure_from = start + (int64_t)(warmup * 1e9);
    int64_t measure_until = measure_from + (int64_t)(duration * 1e9);
    int64_t measured_until = 0;
    if (warmup == 0) run.recording = 1;
    struct epoll_event events[64];
    for (;;) {
        int64_t now = now_ns();
        if (!run.recording && run.sending && now >= measure_from) {
            run.recording = 1;
        }
        if (run.sending && now >= measure_until) {
            run.sending = 0;
            run.recording = 0;
            measured_until = now;
        }
        int open = 0;
        for (int index = 0; index < connections; index++) open += lines[index].open_calls;
        if (!run.sending && open == 0) {
            if (!measured_until) measured_until = now; /* --calls: the last answer is in */
            break;
        }
        int ready = epoll_wait(poller, events, 64, 1000);
        if (ready < 0 && errno != EINTR) die("%s", "epoll_wait failed");
        for (int index = 0; index < ready; index++) drain(&run, events[index].data.ptr);
        for (int index = 0; index < connections; index++) flush(&lines[index]);
    }
    double seconds = (double)(measured_until - (warmup == 0 ? start : measure_from)) / 1e9;
    qsort(run.latencies, run.latency_count, sizeof *run.latencies, compare);
    size_t measured = run.latency_count;
    printf("vneid-bench: %s, %d calls in flight over %d connections (frames, plaintext, one C thread)\n",
           run.method_name, in_flight, connections);
    printf("each request presented %.2f times on average (%zu in %s)\n",
           (double)run.presented / (double)run.request_count, run.request_count, file);
    printf("\nrequests    %zu in %.2f s (%llu errors)\n", measured, seconds, (unsigned long long)run.errors);
    printf("throughput  %.0f requests/s\n", (double)measured / seconds);
    printf("latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n", percentile_ms(&run, 50),
           percentile_ms(&run, 90), percentile_ms(&run, 99), percentile_ms(&run, 99.9),
           measured ? (double)run.latencies[measured - 1] / 1e6 : 0.0);
    printf("machine     %ld cores (daemon and load generator share them when run on one machine)\n",
           sysconf(_SC_NPROCESSORS_ONLN));
    if (run.first_error[0]) printf("first error: %s\n", run.first_error);
    for (int index = 0; index < connections; index++) {
        close(lines[index].fd);
        free(lines[index].in);
        free(lines[index].out);
        free(lines[index].slots);
    }
    free(lines);
    for (size_t index = 0; index < run.request_count; index++) free(run.requests[index]);
    free(run.requests);
    free(run.latencies);
    close(poller);
    return measured == 0 || run.errors == measured ? 1 : 0;
}
