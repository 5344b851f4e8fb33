/*
 * vneid-check: the C client's example, a checkpoint's two jobs.
 *
 *   vneid-check authenticate --server HOST:PORT --service NAME [TLS options] [--timeout MS]
 *       Reads one token per line on standard input and prints one decision per line:
 *       "ALLOW <account id>" or "DENY <reason> <detail>". Exit 0 when every token was
 *       decided, 1 when a call failed (the error is printed on standard error).
 *
 *   vneid-check follow --server HOST:PORT --out FILE [TLS options]
 *       Follows the status stream into FILE, one line per change:
 *       "<sequence> <account id> <state> <order id>". Resumes after the last sequence
 *       already in FILE. Runs until the daemon ends the stream (exit 0 at its shutdown,
 *       printing where it stopped) or a call fails (exit 1).
 *
 * TLS options: --tls, --ca FILE, --cert FILE --key FILE, --server-name NAME.
 * The API key comes from the environment: VNEID_API_KEY.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vneid_client.h"

static void usage(void) {
    fprintf(stderr,
            "usage: vneid-check authenticate --server HOST:PORT --service NAME [--timeout MS] [TLS options]\n"
            "       vneid-check follow --server HOST:PORT --out FILE [TLS options]\n"
            "TLS options: --tls --ca FILE --cert FILE --key FILE --server-name NAME; the API key is VNEID_API_KEY\n");
}

static int authenticate(vneid_client *client, const char *service) {
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int status = 0;
    while ((length = getline(&line, &capacity, stdin)) >= 0) {
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = 0;
        if (length == 0) continue;
        Vneid__V1__AuthenticateResponse *response = NULL;
        vneid_error error;
        if (vneid_authenticate(client, line, service, &response, &error) != VNEID_OK) {
            fprintf(stderr, "vneid-check: %s: %s\n", vneid_code_name(error.code), error.message);
            status = 1;
            break;
        }
        if (response->decision == VNEID__V1__DECISION__DECISION_ALLOW) {
            printf("ALLOW %s\n", response->subject ? response->subject->account_id : "");
        } else {
            const ProtobufCEnumValue *reason = protobuf_c_enum_descriptor_get_value(&vneid__v1__deny_reason__descriptor, response->deny_reason);
            printf("DENY %s %s\n", reason ? reason->name : "?", response->detail);
        }
        fflush(stdout);
        vneid__v1__authenticate_response__free_unpacked(response, NULL);
    }
    free(line);
    return status;
}

static int write_change(const Vneid__V1__StatusChange *change, void *context) {
    FILE *out = context;
    const ProtobufCEnumValue *state = change->status
        ? protobuf_c_enum_descriptor_get_value(&vneid__v1__account_state__descriptor, change->status->state) : NULL;
    fprintf(out, "%llu %s %s %s\n", (unsigned long long)change->sequence, change->status ? change->status->account_id : "",
            state ? state->name : "?", change->order_id);
    fflush(out);
    return 0;
}

static int follow(vneid_client *client, const char *path) {
    unsigned long long after = 0;
    FILE *existing = fopen(path, "r");
    if (existing) {
        char line[1024];
        while (fgets(line, sizeof line, existing)) {
            unsigned long long sequence;
            if (sscanf(line, "%llu", &sequence) == 1 && sequence > after) after = sequence;
        }
        fclose(existing);
    }
    FILE *out = fopen(path, "a");
    if (!out) { perror(path); return 1; }
    vneid_error error;
    int result = vneid_watch_status_changes(client, after, write_change, out, &error);
    fclose(out);
    if (result == VNEID_CODE_UNAVAILABLE) {
        fprintf(stderr, "vneid-check: the daemon ended the stream: %s\n", error.message);
        return 0;
    }
    if (result != VNEID_OK) {
        fprintf(stderr, "vneid-check: %s: %s\n", vneid_code_name(error.code), error.message);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { usage(); return 64; }
    const char *command = argv[1];
    vneid_options options = {0};
    const char *service = NULL, *out = NULL;
    for (int index = 2; index < argc; index++) {
        const char *flag = argv[index];
        const char *value = index + 1 < argc ? argv[index + 1] : NULL;
        if (strcmp(flag, "--tls") == 0) { options.tls = 1; continue; }
        if (!value) { usage(); return 64; }
        index++;
        if (strcmp(flag, "--server") == 0) options.server = value;
        else if (strcmp(flag, "--service") == 0) service = value;
        else if (strcmp(flag, "--out") == 0) out = value;
        else if (strcmp(flag, "--timeout") == 0) options.call_timeout_ms = atoi(value);
        else if (strcmp(flag, "--ca") == 0) { options.ca_file = value; options.tls = 1; }
        else if (strcmp(flag, "--cert") == 0) options.cert_file = value;
        else if (strcmp(flag, "--key") == 0) options.key_file = value;
        else if (strcmp(flag, "--server-name") == 0) options.server_name = value;
        else { usage(); return 64; }
    }
    options.api_key = getenv("VNEID_API_KEY");
    if (!options.server || !options.api_key) {
        fprintf(stderr, "vneid-check: give --server HOST:PORT and set VNEID_API_KEY\n");
        return 64;
    }
    int authenticating = strcmp(command, "authenticate") == 0;
    int following = strcmp(command, "follow") == 0;
    if ((!authenticating && !following) || (authenticating && !service) || (following && !out)) { usage(); return 64; }
    vneid_client *client = NULL;
    vneid_error error;
    if (vneid_connect(&options, &client, &error) != VNEID_OK) {
        fprintf(stderr, "vneid-check: %s: %s\n", vneid_code_name(error.code), error.message);
        return 1;
    }
    int status = authenticating ? authenticate(client, service) : follow(client, out);
    vneid_close(client);
    return status;
}
