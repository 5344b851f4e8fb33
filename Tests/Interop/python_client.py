#!/usr/bin/env python3
"""Drives a running vneidd from Python's grpcio with stubs generated from proto/ at run time,
to show that a gRPC client in another language, built only from our .proto files, works.

    python_client.py PROTO_DIR HOST:PORT ADMIN_KEY

Exits 0 and prints "interop: N checks passed" when every check holds.
"""
import os
import sys
import tempfile

import grpc
import grpc_tools
from grpc_status import rpc_status
from grpc_tools import protoc
from google.rpc import error_details_pb2

proto_dir, server, admin_key = sys.argv[1:4]
out = tempfile.mkdtemp()
well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
files = sorted(f"vneid/v1/{name}" for name in os.listdir(os.path.join(proto_dir, "vneid/v1")) if name.endswith(".proto"))
if protoc.main(["protoc", f"-I{proto_dir}", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}", *files]) != 0:
    sys.exit("protoc could not compile proto/")
sys.path.insert(0, out)
from vneid.v1 import accounts_pb2, accounts_pb2_grpc, principals_pb2, principals_pb2_grpc  # noqa: E402  (generated just now)
from vneid.v1 import orders_pb2, orders_pb2_grpc  # noqa: E402

checks = 0


def check(condition, what):
    global checks
    if not condition:
        sys.exit(f"interop check failed: {what}")
    checks += 1


def bearer(key):
    return (("authorization", f"Bearer {key}"),)


channel = grpc.insecure_channel(server)
# The health stubs' package (grpc.health.v1) collides with the grpc library's name in Python,
# so the standard health check is called with its raw encoding: an empty request, and
# 08 01 (status = SERVING) back.
health_check = channel.unary_unary("/grpc.health.v1.Health/Check", request_serializer=lambda m: m, response_deserializer=lambda b: b)
principals = principals_pb2_grpc.PrincipalServiceStub(channel)
accounts = accounts_pb2_grpc.AccountServiceStub(channel)

check(health_check(b"") == b"\x08\x01", "health is SERVING")

created = principals.CreatePrincipal(
    principals_pb2.CreatePrincipalRequest(name="python-feed", roles=[principals_pb2.ROLE_REGISTRY]),
    metadata=bearer(admin_key),
)
registry_key = created.api_key.secret
check(registry_key.startswith("vneid_"), "CreatePrincipal returns a key")


def records(*items):
    yield accounts_pb2.ImportAccountsRequest(options=accounts_pb2.ImportOptions(skip_invalid=False))
    yield accounts_pb2.ImportAccountsRequest(records=[
        accounts_pb2.ImportRecord(line=line, account=accounts_pb2.Account(id=i, display_name=name, assurance_level=level))
        for line, i, name, level in items
    ])


summary = accounts.ImportAccounts(records((1, "0101234567", "Công ty Python", 2), (2, "001099012345", "Nguyễn Py", 1)), metadata=bearer(registry_key))
check(summary.created == 2 and summary.received == 2, f"import created 2, got {summary}")

status = accounts.GetAccountStatus(accounts_pb2.GetAccountStatusRequest(account_id="001099012345"), metadata=bearer(registry_key))
check(status.state == accounts_pb2.ACCOUNT_STATE_ACTIVE and status.status_version == 1, f"status ACTIVE v1, got {status}")

try:
    accounts.GetAccountStatus(accounts_pb2.GetAccountStatusRequest(account_id="12345"), metadata=bearer(registry_key))
    check(False, "a malformed id must fail")
except grpc.RpcError as error:
    check(error.code() == grpc.StatusCode.INVALID_ARGUMENT and "5 digits" in error.details(), f"INVALID_ARGUMENT, got {error}")

try:
    accounts.GetAccountStatus(accounts_pb2.GetAccountStatusRequest(account_id="001099012345"))
    check(False, "a call without a key must fail")
except grpc.RpcError as error:
    check(error.code() == grpc.StatusCode.UNAUTHENTICATED, f"UNAUTHENTICATED, got {error.code()}")

try:
    accounts.ImportAccounts(records((7, "001099012346", "Bad level", 9)), metadata=bearer(registry_key))
    check(False, "a bad import must fail")
except grpc.RpcError as error:
    check(error.code() == grpc.StatusCode.INVALID_ARGUMENT, f"INVALID_ARGUMENT, got {error.code()}")
    details = rpc_status.from_call(error)
    check(details is not None, "the failure carries google.rpc.Status details")
    bad_request = error_details_pb2.BadRequest()
    check(details.details[0].Unpack(bad_request), "the details hold a google.rpc.BadRequest")
    check(bad_request.field_violations[0].field == "line 7", f"the violation names line 7, got {bad_request}")

# An order, and the server-streaming watch that reports it.
orders = orders_pb2_grpc.OrderServiceStub(channel)
locked = orders.LockAccount(
    orders_pb2.LockAccountRequest(
        request_id="py-1", account_id="001099012345",
        grounds=orders_pb2.Grounds(ground=orders_pb2.GROUND_TERMS_VIOLATION, text="python"),
    ),
    metadata=bearer(registry_key),
)
check(locked.order.state == orders_pb2.ORDER_STATE_EXECUTED and not locked.replayed, f"LockAccount executes, got {locked}")
again = orders.LockAccount(
    orders_pb2.LockAccountRequest(
        request_id="py-1", account_id="001099012345",
        grounds=orders_pb2.Grounds(ground=orders_pb2.GROUND_TERMS_VIOLATION, text="python"),
    ),
    metadata=bearer(registry_key),
)
check(again.replayed and again.order.id == locked.order.id, "a retry with the same request id is replayed")
stream = accounts.WatchStatusChanges(accounts_pb2.WatchStatusChangesRequest(after_sequence=0), metadata=bearer(registry_key))
change = next(stream)
stream.cancel()
check(change.sequence == 1 and change.order_id == locked.order.id and change.status.state == accounts_pb2.ACCOUNT_STATE_LOCKED, f"the watch reports the lock, got {change}")

print(f"interop: {checks} checks passed")
