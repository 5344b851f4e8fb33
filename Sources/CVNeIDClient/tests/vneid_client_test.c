/*
 * The C client's own tests, against a running daemon that the integration suite sets up
 * (FramesCClientTests.swift) and names in the environment:
 *   VNEID_SERVER          the frames address
 *   VNEID_API_KEY         a RELYING_SERVICE key bound to border-portal
 *   VNEID_AUDITOR_KEY     an AUDITOR key
 *   VNEID_TOKEN           a fresh one-time border-portal token for VNEID_ACTIVE_ACCOUNT
 *   VNEID_ACTIVE_ACCOUNT  an active account; VNEID_LOCKED_ACCOUNT a locked one
 *   VNEID_CHANGES         how many status changes the daemon has
 *   VNEID_CA              (optional) the CA of the daemon's TLS certificate; with
 *   VNEID_CLIENT_CERT, VNEID_CLIENT_KEY (optional) a client certificate
 *   VNEID_TIMEOUT_MS      (optional) connect and call timeouts, for slow runs (valgrind)
 * Prints "c-client: N checks passed" and exits 0, or names each failed check and exits 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vneid_client.h"

static int checks, failures;

#define CHECK(condition, ...)                                           \
    do {                                                                \
        checks++;                                                       \
        if (!(condition)) {                                             \
            failures++;                                                 \
            fprintf(stderr, "FAILED %s:%d: %s: ", __FILE__, __LINE__, #condition); \
            fprintf(stderr, __VA_ARGS__);                               \
            fprintf(stderr, "\n");                                      \
        }                                                               \
    } while (0)

static const char *need(const char *name) {
    const char *value = getenv(name);
    if (!value) { fprintf(stderr, "vneid_client_test: set %s\n", name); exit(2); }
    return value;
}

static vneid_options options_with(const char *key) {
    vneid_options options = {0};
    options.server = need("VNEID_SERVER");
    options.api_key = key;
    options.ca_file = getenv("VNEID_CA");
    options.tls = options.ca_file != NULL;
    options.cert_file = getenv("VNEID_CLIENT_CERT");
    options.key_file = getenv("VNEID_CLIENT_KEY");
    options.server_name = options.tls ? "localhost" : NULL;
    const char *timeout = getenv("VNEID_TIMEOUT_MS");
    options.connect_timeout_ms = options.call_timeout_ms = timeout ? atoi(timeout) : 0;
    return options;
}

struct counter { int seen; int stop_at; uint64_t last; int in_order; };

static int count_change(const Vneid__V1__StatusChange *change, void *context) {
    struct counter *counter = context;
    if (change->sequence <= counter->last) counter->in_order = 0;
    counter->last = change->sequence;
    return ++counter->seen >= counter->stop_at;
}

int main(void) {
    vneid_error error;
    vneid_client *client = NULL;

    /* Arguments and connection failures, each with its own code. */
    CHECK(vneid_connect(NULL, &client, &error) == VNEID_ERR_ARGUMENT && client == NULL, "%s", error.message);
    vneid_options bad = options_with("key");
    bad.server = "no-port";
    CHECK(vneid_connect(&bad, &client, &error) == VNEID_ERR_ARGUMENT, "%s", error.message);
    bad.server = "127.0.0.1:1";
    bad.connect_timeout_ms = 2000;
    CHECK(vneid_connect(&bad, &client, &error) == VNEID_ERR_CONNECT, "%d %s", error.code, error.message);

    /* A relying service at a checkpoint. */
    vneid_options portal = options_with(need("VNEID_API_KEY"));
    int connected = vneid_connect(&portal, &client, &error);
    CHECK(connected == VNEID_OK, "%s: %s", vneid_code_name(error.code), error.message);
    if (connected != VNEID_OK) return 1;

    Vneid__V1__AccountStatus *status = NULL;
    CHECK(vneid_get_status(client, need("VNEID_ACTIVE_ACCOUNT"), &status, &error) == VNEID_OK, "%s", error.message);
    CHECK(status && status->state == VNEID__V1__ACCOUNT_STATE__ACCOUNT_STATE_ACTIVE, "state %d", status ? (int)status->state : -1);
    if (status) vneid__v1__account_status__free_unpacked(status, NULL);
    status = NULL;
    CHECK(vneid_get_status(client, need("VNEID_LOCKED_ACCOUNT"), &status, &error) == VNEID_OK, "%s", error.message);
    CHECK(status && status->state == VNEID__V1__ACCOUNT_STATE__ACCOUNT_STATE_LOCKED && status->n_locks >= 1, "not locked");
    if (status) vneid__v1__account_status__free_unpacked(status, NULL);
    status = NULL;
    CHECK(vneid_get_status(client, "12345", &status, &error) == VNEID_CODE_INVALID_ARGUMENT && status == NULL, "%d %s", error.code, error.message);
    CHECK(strstr(error.message, "12345") != NULL, "the message names the id: %s", error.message);
    CHECK(vneid_get_status(client, "001099000000", &status, &error) == VNEID_CODE_NOT_FOUND, "%d %s", error.code, error.message);

    const char *ids[] = {need("VNEID_ACTIVE_ACCOUNT"), need("VNEID_LOCKED_ACCOUNT"), "001099000000"};
    Vneid__V1__BatchGetAccountStatusResponse *batch = NULL;
    CHECK(vneid_get_statuses(client, ids, 3, &batch, &error) == VNEID_OK, "%s", error.message);
    CHECK(batch && batch->n_results == 3, "results %zu", batch ? batch->n_results : 0);
    if (batch) vneid__v1__batch_get_account_status_response__free_unpacked(batch, NULL);

    Vneid__V1__AuthenticateResponse *decision = NULL;
    CHECK(vneid_authenticate(client, need("VNEID_TOKEN"), "border-portal", &decision, &error) == VNEID_OK, "%s", error.message);
    CHECK(decision && decision->decision == VNEID__V1__DECISION__DECISION_ALLOW, "decision %d %s", decision ? (int)decision->decision : -1, decision ? decision->detail : "");
    if (decision) vneid__v1__authenticate_response__free_unpacked(decision, NULL);
    decision = NULL;
    CHECK(vneid_authenticate(client, need("VNEID_TOKEN"), "border-portal", &decision, &error) == VNEID_OK, "%s", error.message);
    CHECK(decision && decision->deny_reason == VNEID__V1__DENY_REASON__DENY_REASON_REPLAYED, "a one-time token twice is REPLAYED");
    if (decision) vneid__v1__authenticate_response__free_unpacked(decision, NULL);

    Vneid__V1__WhoAmIRequest who = VNEID__V1__WHO_AM_IREQUEST__INIT;
    ProtobufCMessage *nothing = NULL;
    CHECK(vneid_call(client, "vneid.v1.Nope/Nope", &who.base, &vneid__v1__principal__descriptor, &nothing, &error) == VNEID_CODE_UNIMPLEMENTED, "%s", error.message);
    CHECK(vneid_call(client, "vneid.v1.AuditService/VerifyAuditLog", &who.base, &vneid__v1__principal__descriptor, &nothing, &error) == VNEID_CODE_PERMISSION_DENIED, "%s", error.message);
    CHECK(strstr(error.message, "may not call vneid.v1.AuditService/VerifyAuditLog") != NULL, "%s", error.message);
    vneid_close(client);

    /* A wrong key. */
    vneid_options stranger = options_with("vneid_0000000000000000_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    CHECK(vneid_connect(&stranger, &client, &error) == VNEID_OK, "%s", error.message);
    CHECK(vneid_get_status(client, need("VNEID_ACTIVE_ACCOUNT"), &status, &error) == VNEID_CODE_UNAUTHENTICATED, "%d %s", error.code, error.message);
    vneid_close(client);

    /* An auditor follows the stream, stops, and the connection stays usable. */
    vneid_options auditor = options_with(need("VNEID_AUDITOR_KEY"));
    CHECK(vneid_connect(&auditor, &client, &error) == VNEID_OK, "%s", error.message);
    struct counter counter = {.stop_at = atoi(need("VNEID_CHANGES")), .in_order = 1};
    CHECK(vneid_watch_status_changes(client, 0, count_change, &counter, &error) == VNEID_OK, "%s", error.message);
    CHECK(counter.seen == counter.stop_at && counter.in_order, "saw %d of %d", counter.seen, counter.stop_at);
    struct counter resumed = {.stop_at = 1, .in_order = 1};
    CHECK(vneid_watch_status_changes(client, counter.last - 1, count_change, &resumed, &error) == VNEID_OK, "%s", error.message);
    CHECK(resumed.last == counter.last, "resumed after %llu at %llu", (unsigned long long)(counter.last - 1), (unsigned long long)resumed.last);
    Vneid__V1__Principal *me = NULL;
    CHECK(vneid_call(client, "vneid.v1.PrincipalService/WhoAmI", &who.base, &vneid__v1__principal__descriptor, (ProtobufCMessage **)&me, &error) == VNEID_OK, "%s", error.message);
    CHECK(me && strcmp(me->name, "auditor") == 0, "whoami %s", me ? me->name : "(none)");
    if (me) vneid__v1__principal__free_unpacked(me, NULL);
    vneid_close(client);

    /* A deadline the daemon enforces: a watch called as a unary call with 300 ms. */
    auditor.call_timeout_ms = 300;
    CHECK(vneid_connect(&auditor, &client, &error) == VNEID_OK, "%s", error.message);
    Vneid__V1__WatchStatusChangesRequest watch = VNEID__V1__WATCH_STATUS_CHANGES_REQUEST__INIT;
    CHECK(vneid_call(client, "vneid.v1.AccountService/WatchStatusChanges", &watch.base, &vneid__v1__status_change__descriptor, &nothing, &error) == VNEID_CODE_DEADLINE_EXCEEDED, "%d %s", error.code, error.message);
    vneid_close(client);
    vneid_close(NULL);

    if (failures) {
        fprintf(stderr, "c-client: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("c-client: %d checks passed\n", checks);
    return 0;
}
