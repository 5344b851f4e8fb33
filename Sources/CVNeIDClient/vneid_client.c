/*
 * The frames protocol client (proto/vneid/v1/frames.md): see include/vneid_client.h.
 *
 * The socket is non-blocking; every read and write waits in poll(2) until its deadline,
 * so no call blocks longer than its timeout, TLS or not.
 */
#define _POSIX_C_SOURCE 200809L
#include "vneid_client.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* The largest frame the client accepts from the daemon. */
#define VNEID_MAX_FRAME (64u * 1024u * 1024u)
/* How long past its own deadline the client waits for the daemon's DEADLINE_EXCEEDED. */
#define VNEID_DEADLINE_GRACE_MS 1000

static const unsigned char preface[8] = {'V', 'N', 'E', 'I', 'D', 'F', 1, 0};

struct vneid_client {
    int fd;
    SSL_CTX *ssl_ctx;
    SSL *ssl;
    char *api_key;
    int call_timeout_ms;
    uint64_t next_call_id;
    int broken; /* after an I/O or protocol failure: every later call fails at once */
};

/* ---- errors ---------------------------------------------------------------------- */

static int fail(vneid_error *error, int code, const char *format, ...) {
    if (error) {
        error->code = code;
        va_list arguments;
        va_start(arguments, format);
        vsnprintf(error->message, sizeof error->message, format, arguments);
        va_end(arguments);
    }
    return code;
}

static int fail_tls(vneid_error *error, const char *what) {
    unsigned long code = ERR_get_error();
    char reason[256] = "no detail";
    if (code) ERR_error_string_n(code, reason, sizeof reason);
    ERR_clear_error();
    return fail(error, VNEID_ERR_TLS, "%s: %s", what, reason);
}

const char *vneid_code_name(int code) {
    switch (code) {
    case VNEID_OK: return "OK";
    case VNEID_ERR_ARGUMENT: return "CLIENT_ARGUMENT";
    case VNEID_ERR_CONNECT: return "CLIENT_CONNECT";
    case VNEID_ERR_TLS: return "CLIENT_TLS";
    case VNEID_ERR_TIMEOUT: return "CLIENT_TIMEOUT";
    case VNEID_ERR_IO: return "CLIENT_IO";
    case VNEID_ERR_PROTOCOL: return "CLIENT_PROTOCOL";
    case VNEID_ERR_MEMORY: return "CLIENT_MEMORY";
    case 1: return "CANCELLED";
    case 2: return "UNKNOWN";
    case 3: return "INVALID_ARGUMENT";
    case 4: return "DEADLINE_EXCEEDED";
    case 5: return "NOT_FOUND";
    case 6: return "ALREADY_EXISTS";
    case 7: return "PERMISSION_DENIED";
    case 8: return "RESOURCE_EXHAUSTED";
    case 9: return "FAILED_PRECONDITION";
    case 10: return "ABORTED";
    case 11: return "OUT_OF_RANGE";
    case 12: return "UNIMPLEMENTED";
    case 13: return "INTERNAL";
    case 14: return "UNAVAILABLE";
    case 15: return "DATA_LOSS";
    case 16: return "UNAUTHENTICATED";
    default: return "UNKNOWN_CODE";
    }
}

/* ---- time and waiting ------------------------------------------------------------ */

static int64_t now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Waits until `fd` is ready for `events` or `deadline` (-1: none) passes: 1 ready, 0 timed out, -1 failed. */
static int wait_for(int fd, short events, int64_t deadline) {
    for (;;) {
        int timeout = -1;
        if (deadline >= 0) {
            int64_t left = deadline - now_ms();
            if (left <= 0) return 0;
            timeout = left > 60000 ? 60000 : (int)left;
        }
        struct pollfd poller = {.fd = fd, .events = events};
        int ready = poll(&poller, 1, timeout);
        if (ready > 0) return 1;
        if (ready < 0 && errno != EINTR) return -1;
        if (ready == 0 && deadline >= 0 && now_ms() >= deadline) return 0;
    }
}

/* ---- bytes on the connection --------------------------------------------------------- */

static int write_all(vneid_client *client, const uint8_t *bytes, size_t length, int64_t deadline, vneid_error *error) {
    size_t done = 0;
    while (done < length) {
        short wait_events = POLLOUT;
        if (client->ssl) {
            int written = SSL_write(client->ssl, bytes + done, (int)(length - done));
            if (written > 0) { done += (size_t)written; continue; }
            int reason = SSL_get_error(client->ssl, written);
            if (reason == SSL_ERROR_WANT_READ) wait_events = POLLIN;
            else if (reason != SSL_ERROR_WANT_WRITE) { client->broken = 1; return fail_tls(error, "TLS write failed"); }
        } else {
            ssize_t written = send(client->fd, bytes + done, length - done, MSG_NOSIGNAL);
            if (written > 0) { done += (size_t)written; continue; }
            if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                client->broken = 1;
                return fail(error, VNEID_ERR_IO, "sending to the daemon failed: %s", strerror(errno));
            }
        }
        int ready = wait_for(client->fd, wait_events, deadline);
        if (ready == 0) { client->broken = 1; return fail(error, VNEID_ERR_TIMEOUT, "the daemon did not accept data in time"); }
        if (ready < 0) { client->broken = 1; return fail(error, VNEID_ERR_IO, "waiting to send failed: %s", strerror(errno)); }
    }
    return VNEID_OK;
}

/* Reads exactly `length` bytes. A timeout leaves the connection usable only if nothing of
 * a frame was read yet, which the caller tells by `started`. */
static int read_exact(vneid_client *client, uint8_t *bytes, size_t length, int64_t deadline, vneid_error *error) {
    size_t done = 0;
    while (done < length) {
        short wait_events = POLLIN;
        if (client->ssl) {
            int got = SSL_read(client->ssl, bytes + done, (int)(length - done));
            if (got > 0) { done += (size_t)got; continue; }
            int reason = SSL_get_error(client->ssl, got);
            if (reason == SSL_ERROR_WANT_WRITE) wait_events = POLLOUT;
            else if (reason == SSL_ERROR_ZERO_RETURN) { client->broken = 1; return fail(error, VNEID_ERR_IO, "the daemon closed the connection"); }
            else if (reason != SSL_ERROR_WANT_READ) { client->broken = 1; return fail_tls(error, "TLS read failed"); }
        } else {
            ssize_t got = recv(client->fd, bytes + done, length - done, 0);
            if (got > 0) { done += (size_t)got; continue; }
            if (got == 0) { client->broken = 1; return fail(error, VNEID_ERR_IO, "the daemon closed the connection"); }
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                client->broken = 1;
                return fail(error, VNEID_ERR_IO, "reading from the daemon failed: %s", strerror(errno));
            }
        }
        int ready = wait_for(client->fd, wait_events, deadline);
        if (ready == 0) {
            if (done > 0) client->broken = 1; /* in the middle of a frame: the stream is out of step */
            return fail(error, VNEID_ERR_TIMEOUT, "no answer from the daemon in time");
        }
        if (ready < 0) { client->broken = 1; return fail(error, VNEID_ERR_IO, "waiting for the daemon failed: %s", strerror(errno)); }
    }
    return VNEID_OK;
}

/* ---- frames ------------------------------------------------------------------------ */

static int send_frame(vneid_client *client, const Vneid__V1__Frame *frame, int64_t deadline, vneid_error *error) {
    size_t size = vneid__v1__frame__get_packed_size(frame);
    uint8_t *bytes = malloc(4 + size);
    if (!bytes) return fail(error, VNEID_ERR_MEMORY, "out of memory for a frame of %zu bytes", size);
    bytes[0] = (uint8_t)(size >> 24);
    bytes[1] = (uint8_t)(size >> 16);
    bytes[2] = (uint8_t)(size >> 8);
    bytes[3] = (uint8_t)size;
    vneid__v1__frame__pack(frame, bytes + 4);
    int result = write_all(client, bytes, 4 + size, deadline, error);
    free(bytes);
    return result;
}

static int read_frame(vneid_client *client, int64_t deadline, Vneid__V1__Frame **frame, vneid_error *error) {
    uint8_t header[4];
    int result = read_exact(client, header, 4, deadline, error);
    if (result != VNEID_OK) return result;
    uint32_t size = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 | (uint32_t)header[2] << 8 | header[3];
    if (size == 0 || size > VNEID_MAX_FRAME) {
        client->broken = 1;
        return fail(error, VNEID_ERR_PROTOCOL, "the daemon sent a frame of %u bytes", size);
    }
    uint8_t *body = malloc(size);
    if (!body) { client->broken = 1; return fail(error, VNEID_ERR_MEMORY, "out of memory for a frame of %u bytes", size); }
    result = read_exact(client, body, size, deadline, error);
    if (result == VNEID_ERR_TIMEOUT) client->broken = 1;
    if (result == VNEID_OK) {
        *frame = vneid__v1__frame__unpack(NULL, size, body);
        if (!*frame) { client->broken = 1; result = fail(error, VNEID_ERR_PROTOCOL, "the daemon sent a frame that is not a vneid.v1.Frame"); }
    }
    free(body);
    return result;
}

static int send_pong(vneid_client *client, const Vneid__V1__Frame *ping, vneid_error *error) {
    Vneid__V1__Ping pong = VNEID__V1__PING__INIT;
    pong.data = ping->ping ? ping->ping->data : 0;
    Vneid__V1__Frame frame = VNEID__V1__FRAME__INIT;
    frame.body_case = VNEID__V1__FRAME__BODY_PONG;
    frame.pong = &pong;
    return send_frame(client, &frame, now_ms() + 5000, error);
}

static void send_cancel(vneid_client *client, uint64_t call_id) {
    Vneid__V1__CallCancel cancel = VNEID__V1__CALL_CANCEL__INIT;
    Vneid__V1__Frame frame = VNEID__V1__FRAME__INIT;
    frame.call_id = call_id;
    frame.body_case = VNEID__V1__FRAME__BODY_CANCEL;
    frame.cancel = &cancel;
    vneid_error ignored;
    send_frame(client, &frame, now_ms() + 1000, &ignored);
}

/* Opens call `call_id`. */
static int open_call(vneid_client *client, uint64_t call_id, const char *method, const ProtobufCMessage *request,
                     uint32_t timeout_ms, vneid_error *error) {
    size_t size = protobuf_c_message_get_packed_size(request);
    uint8_t *bytes = malloc(size ? size : 1);
    if (!bytes) return fail(error, VNEID_ERR_MEMORY, "out of memory for a request of %zu bytes", size);
    protobuf_c_message_pack(request, bytes);
    Vneid__V1__CallStart start = VNEID__V1__CALL_START__INIT;
    start.method = (char *)method;
    start.api_key = client->api_key;
    start.timeout_ms = timeout_ms;
    start.request.data = bytes;
    start.request.len = size;
    Vneid__V1__Frame frame = VNEID__V1__FRAME__INIT;
    frame.call_id = call_id;
    frame.body_case = VNEID__V1__FRAME__BODY_CALL;
    frame.call = &start;
    int result = send_frame(client, &frame, now_ms() + (client->call_timeout_ms > 0 ? client->call_timeout_ms : 5000), error);
    free(bytes);
    return result;
}

/* A frame that is not about our call: a ping is answered, a goaway ends calls it did not
 * start, anything else (the end of an earlier call given up on) is dropped. Returns
 * VNEID_OK to keep reading. */
static int handle_other(vneid_client *client, const Vneid__V1__Frame *frame, uint64_t call_id, vneid_error *error) {
    if (frame->body_case == VNEID__V1__FRAME__BODY_PING) return send_pong(client, frame, error);
    if (frame->body_case == VNEID__V1__FRAME__BODY_GOAWAY && frame->goaway && frame->goaway->last_call_id < call_id) {
        client->broken = 1;
        return fail(error, frame->goaway->code ? (int)frame->goaway->code : VNEID_CODE_UNAVAILABLE,
                    "the daemon is closing the connection: %s", frame->goaway->message ? frame->goaway->message : "");
    }
    return VNEID_OK;
}

static int status_error(const Vneid__V1__CallStatus *status, vneid_error *error) {
    return fail(error, (int)status->code, "%s", status->message ? status->message : "");
}

/* ---- public API -------------------------------------------------------------------- */

static int split_server(const char *server, char *host, size_t host_size, char *port, size_t port_size) {
    const char *colon;
    const char *host_start = server;
    size_t host_length;
    if (server[0] == '[') {
        const char *close = strchr(server, ']');
        if (!close || close[1] != ':') return -1;
        host_start = server + 1;
        host_length = (size_t)(close - host_start);
        colon = close + 1;
    } else {
        colon = strrchr(server, ':');
        if (!colon) return -1;
        host_length = (size_t)(colon - server);
    }
    if (host_length == 0 || host_length >= host_size || strlen(colon + 1) == 0 || strlen(colon + 1) >= port_size) return -1;
    memcpy(host, host_start, host_length);
    host[host_length] = 0;
    strcpy(port, colon + 1);
    return 0;
}

static int connect_tcp(const char *host, const char *port, int timeout_ms, vneid_error *error) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *addresses = NULL;
    int resolved = getaddrinfo(host, port, &hints, &addresses);
    if (resolved != 0) return fail(error, VNEID_ERR_CONNECT, "cannot resolve %s: %s", host, gai_strerror(resolved)), -1;
    int64_t deadline = now_ms() + timeout_ms;
    int fd = -1;
    int last_errno = 0;
    for (struct addrinfo *address = addresses; address && fd < 0; address = address->ai_next) {
        int candidate = socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
        if (candidate < 0) { last_errno = errno; continue; }
        fcntl(candidate, F_SETFL, fcntl(candidate, F_GETFL) | O_NONBLOCK);
        if (connect(candidate, address->ai_addr, address->ai_addrlen) == 0 || errno == EINPROGRESS) {
            int ready = wait_for(candidate, POLLOUT, deadline);
            int socket_error = 0;
            socklen_t length = sizeof socket_error;
            if (ready == 1 && getsockopt(candidate, SOL_SOCKET, SO_ERROR, &socket_error, &length) == 0 && socket_error == 0) {
                fd = candidate;
                break;
            }
            last_errno = ready == 0 ? ETIMEDOUT : socket_error ? socket_error : errno;
        } else {
            last_errno = errno;
        }
        close(candidate);
    }
    freeaddrinfo(addresses);
    if (fd < 0) return fail(error, VNEID_ERR_CONNECT, "cannot connect to %s:%s: %s", host, port, strerror(last_errno)), -1;
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return fd;
}

static int start_tls(vneid_client *client, const vneid_options *options, const char *host, int64_t deadline, vneid_error *error) {
    client->ssl_ctx = SSL_CTX_new(TLS_client_method());
    if (!client->ssl_ctx) return fail_tls(error, "cannot create a TLS context");
    SSL_CTX_set_min_proto_version(client->ssl_ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(client->ssl_ctx, SSL_VERIFY_PEER, NULL);
    if (options->ca_file ? SSL_CTX_load_verify_locations(client->ssl_ctx, options->ca_file, NULL) != 1
                         : SSL_CTX_set_default_verify_paths(client->ssl_ctx) != 1)
        return fail_tls(error, "cannot load the CA to verify the daemon");
    if (options->cert_file || options->key_file) {
        if (!options->cert_file || !options->key_file) return fail(error, VNEID_ERR_ARGUMENT, "a client certificate needs both cert_file and key_file");
        if (SSL_CTX_use_certificate_chain_file(client->ssl_ctx, options->cert_file) != 1) return fail_tls(error, "cannot load the client certificate");
        if (SSL_CTX_use_PrivateKey_file(client->ssl_ctx, options->key_file, SSL_FILETYPE_PEM) != 1) return fail_tls(error, "cannot load the client key");
    }
    client->ssl = SSL_new(client->ssl_ctx);
    if (!client->ssl) return fail_tls(error, "cannot create a TLS session");
    const char *name = options->server_name ? options->server_name : host;
    SSL_set_tlsext_host_name(client->ssl, name);
    SSL_set1_host(client->ssl, name);
    SSL_set_fd(client->ssl, client->fd);
    for (;;) {
        int result = SSL_connect(client->ssl);
        if (result == 1) return VNEID_OK;
        int reason = SSL_get_error(client->ssl, result);
        short events = reason == SSL_ERROR_WANT_READ ? POLLIN : reason == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
        if (!events) {
            long verify = SSL_get_verify_result(client->ssl);
            if (verify != X509_V_OK)
                return fail(error, VNEID_ERR_TLS, "the daemon's certificate does not verify: %s", X509_verify_cert_error_string(verify));
            return fail_tls(error, "the TLS handshake failed");
        }
        int ready = wait_for(client->fd, events, deadline);
        if (ready == 0) return fail(error, VNEID_ERR_TIMEOUT, "the TLS handshake did not finish in time");
        if (ready < 0) return fail(error, VNEID_ERR_IO, "waiting for the TLS handshake failed: %s", strerror(errno));
    }
}

int vneid_connect(const vneid_options *options, vneid_client **out, vneid_error *error) {
    if (out) *out = NULL;
    if (!options || !out || !options->server || !options->api_key)
        return fail(error, VNEID_ERR_ARGUMENT, "vneid_connect needs options with a server and an api_key, and a place for the client");
    char host[256], port[16];
    if (split_server(options->server, host, sizeof host, port, sizeof port) != 0)
        return fail(error, VNEID_ERR_ARGUMENT, "server '%s' must be HOST:PORT or [IPv6]:PORT", options->server);
    vneid_client *client = calloc(1, sizeof *client);
    if (!client) return fail(error, VNEID_ERR_MEMORY, "out of memory for a client");
    client->fd = -1;
    client->call_timeout_ms = options->call_timeout_ms > 0 ? options->call_timeout_ms : 5000;
    client->api_key = strdup(options->api_key);
    if (!client->api_key) { vneid_close(client); return fail(error, VNEID_ERR_MEMORY, "out of memory for the API key"); }
    int connect_timeout = options->connect_timeout_ms > 0 ? options->connect_timeout_ms : 5000;
    int64_t deadline = now_ms() + connect_timeout;
    client->fd = connect_tcp(host, port, connect_timeout, error);
    if (client->fd < 0) { vneid_close(client); return error ? error->code : VNEID_ERR_CONNECT; }
    int result = options->tls ? start_tls(client, options, host, deadline, error) : VNEID_OK;
    if (result == VNEID_OK) result = write_all(client, preface, sizeof preface, deadline, error);
    uint8_t answer[8];
    if (result == VNEID_OK) result = read_exact(client, answer, sizeof answer, deadline, error);
    if (result == VNEID_OK && (memcmp(answer, preface, 6) != 0 || answer[6] != 1))
        result = fail(error, VNEID_ERR_PROTOCOL, "the server at %s does not speak the VNeID frames protocol version 1", options->server);
    if (result != VNEID_OK) { vneid_close(client); return result; }
    *out = client;
    return VNEID_OK;
}

void vneid_close(vneid_client *client) {
    if (!client) return;
    if (client->ssl) {
        if (!client->broken) SSL_shutdown(client->ssl);
        SSL_free(client->ssl);
    }
    if (client->ssl_ctx) SSL_CTX_free(client->ssl_ctx);
    if (client->fd >= 0) close(client->fd);
    free(client->api_key);
    free(client);
}

int vneid_call(vneid_client *client, const char *method, const ProtobufCMessage *request,
               const ProtobufCMessageDescriptor *response_type, ProtobufCMessage **response, vneid_error *error) {
    if (response) *response = NULL;
    if (!client || !method || !request || !response_type || !response)
        return fail(error, VNEID_ERR_ARGUMENT, "vneid_call needs a client, a method, a request, a response type and a place for the response");
    if (client->broken) return fail(error, VNEID_ERR_IO, "the connection failed earlier; connect again");
    uint64_t call_id = ++client->next_call_id;
    int result = open_call(client, call_id, method, request, (uint32_t)client->call_timeout_ms, error);
    if (result != VNEID_OK) return result;
    int64_t deadline = now_ms() + client->call_timeout_ms + VNEID_DEADLINE_GRACE_MS;
    for (;;) {
        Vneid__V1__Frame *frame = NULL;
        result = read_frame(client, deadline, &frame, error);
        if (result == VNEID_ERR_TIMEOUT) {
            if (!client->broken) send_cancel(client, call_id);
            return fail(error, VNEID_ERR_TIMEOUT, "%s did not answer within %d ms", method, client->call_timeout_ms);
        }
        if (result != VNEID_OK) return result;
        if (frame->call_id == call_id && frame->body_case == VNEID__V1__FRAME__BODY_STATUS && frame->status) {
            if (frame->status->code != 0) {
                result = status_error(frame->status, error);
            } else {
                *response = protobuf_c_message_unpack(response_type, NULL, frame->status->response.len, frame->status->response.data);
                result = *response ? VNEID_OK : fail(error, VNEID_ERR_PROTOCOL, "the response to %s is not a %s", method, response_type->name);
            }
            vneid__v1__frame__free_unpacked(frame, NULL);
            return result;
        }
        result = handle_other(client, frame, call_id, error);
        vneid__v1__frame__free_unpacked(frame, NULL);
        if (result != VNEID_OK) return result;
    }
}

int vneid_authenticate(vneid_client *client, const char *token, const char *service,
                       Vneid__V1__AuthenticateResponse **response, vneid_error *error) {
    if (!token || !service) return fail(error, VNEID_ERR_ARGUMENT, "vneid_authenticate needs a token and a service");
    Vneid__V1__AuthenticateRequest request = VNEID__V1__AUTHENTICATE_REQUEST__INIT;
    request.token = (char *)token;
    request.service = (char *)service;
    return vneid_call(client, "vneid.v1.AuthenticationService/Authenticate", &request.base,
                      &vneid__v1__authenticate_response__descriptor, (ProtobufCMessage **)response, error);
}

int vneid_get_status(vneid_client *client, const char *account_id, Vneid__V1__AccountStatus **status, vneid_error *error) {
    if (!account_id) return fail(error, VNEID_ERR_ARGUMENT, "vneid_get_status needs an account id");
    Vneid__V1__GetAccountStatusRequest request = VNEID__V1__GET_ACCOUNT_STATUS_REQUEST__INIT;
    request.account_id = (char *)account_id;
    return vneid_call(client, "vneid.v1.AccountService/GetAccountStatus", &request.base,
                      &vneid__v1__account_status__descriptor, (ProtobufCMessage **)status, error);
}

int vneid_get_statuses(vneid_client *client, const char *const *account_ids, size_t count,
                       Vneid__V1__BatchGetAccountStatusResponse **response, vneid_error *error) {
    if (!account_ids && count) return fail(error, VNEID_ERR_ARGUMENT, "vneid_get_statuses needs the account ids");
    Vneid__V1__BatchGetAccountStatusRequest request = VNEID__V1__BATCH_GET_ACCOUNT_STATUS_REQUEST__INIT;
    request.n_account_ids = count;
    request.account_ids = (char **)account_ids;
    return vneid_call(client, "vneid.v1.AccountService/BatchGetAccountStatus", &request.base,
                      &vneid__v1__batch_get_account_status_response__descriptor, (ProtobufCMessage **)response, error);
}

int vneid_watch_status_changes(vneid_client *client, uint64_t after_sequence, vneid_status_change_callback callback,
                               void *context, vneid_error *error) {
    if (!client || !callback) return fail(error, VNEID_ERR_ARGUMENT, "vneid_watch_status_changes needs a client and a callback");
    if (client->broken) return fail(error, VNEID_ERR_IO, "the connection failed earlier; connect again");
    Vneid__V1__WatchStatusChangesRequest request = VNEID__V1__WATCH_STATUS_CHANGES_REQUEST__INIT;
    request.after_sequence = after_sequence;
    uint64_t call_id = ++client->next_call_id;
    int result = open_call(client, call_id, "vneid.v1.AccountService/WatchStatusChanges", &request.base, 0, error);
    if (result != VNEID_OK) return result;
    int stopping = 0;
    int64_t deadline = -1;
    for (;;) {
        Vneid__V1__Frame *frame = NULL;
        result = read_frame(client, deadline, &frame, error);
        if (result != VNEID_OK) return stopping && result == VNEID_ERR_TIMEOUT ? VNEID_OK : result;
        if (frame->call_id == call_id && frame->body_case == VNEID__V1__FRAME__BODY_MESSAGE) {
            if (!stopping) {
                Vneid__V1__StatusChange *change = vneid__v1__status_change__unpack(NULL, frame->message.len, frame->message.data);
                if (!change) {
                    vneid__v1__frame__free_unpacked(frame, NULL);
                    client->broken = 1;
                    return fail(error, VNEID_ERR_PROTOCOL, "the daemon sent a status change that does not decode");
                }
                int stop = callback(change, context);
                vneid__v1__status_change__free_unpacked(change, NULL);
                if (stop) {
                    /* Cancel, then read on until the daemon ends the call, so the
                     * connection stays in step for the next call. */
                    stopping = 1;
                    send_cancel(client, call_id);
                    deadline = now_ms() + 5000;
                }
            }
        } else if (frame->call_id == call_id && frame->body_case == VNEID__V1__FRAME__BODY_STATUS && frame->status) {
            result = stopping || frame->status->code == 0 ? VNEID_OK : status_error(frame->status, error);
            vneid__v1__frame__free_unpacked(frame, NULL);
            return result;
        } else {
            result = handle_other(client, frame, call_id, error);
            if (result != VNEID_OK) {
                vneid__v1__frame__free_unpacked(frame, NULL);
                return result;
            }
        }
        vneid__v1__frame__free_unpacked(frame, NULL);
    }
}
