#!/usr/bin/env python3
"""Discovers and calls a running vneidd through gRPC server reflection only, with Python's
grpcio-reflection client: no .proto file and no generated stub of ours is used.

    reflection_client.py HOST:PORT API_KEY
    reflection_client.py HOST:PORT API_KEY --expect-off   (a daemon without --reflection)

Exits 0 and prints "reflection: N checks passed" when every check holds.
"""
import collections
import sys

import grpc
from google.protobuf import descriptor_pool, message_factory
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

server, api_key = sys.argv[1:3]
checks = 0


def check(condition, what):
    global checks
    if not condition:
        sys.exit(f"reflection check failed: {what}")
    checks += 1


class ClientCallDetails(
    collections.namedtuple("ClientCallDetails", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
    grpc.ClientCallDetails,
):
    pass


class Bearer(grpc.UnaryUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Adds 'authorization: Bearer KEY' to every call, reflection's included."""

    def __init__(self, key):
        self.metadata = (("authorization", f"Bearer {key}"),)

    def _details(self, d):
        return ClientCallDetails(d.method, d.timeout, tuple(d.metadata or ()) + self.metadata, d.credentials, d.wait_for_ready, d.compression)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_stream(self, continuation, details, request_iterator):
        return continuation(self._details(details), request_iterator)


plain = grpc.insecure_channel(server)

if sys.argv[3:] == ["--expect-off"]:
    try:
        ProtoReflectionDescriptorDatabase(grpc.intercept_channel(plain, Bearer(api_key))).get_services()
        check(False, "reflection answered though the daemon was started without --reflection")
    except grpc.RpcError as error:
        check(error.code() == grpc.StatusCode.UNIMPLEMENTED, f"reflection off: {error.code()} {error.details()}")
    print(f"reflection: {checks} checks passed")
    sys.exit(0)

# Without a key, reflection is refused like every other call.
try:
    ProtoReflectionDescriptorDatabase(plain).get_services()
    check(False, "reflection answered a caller without an API key")
except grpc.RpcError as error:
    check(error.code() == grpc.StatusCode.UNAUTHENTICATED, f"no key: {error.code()} {error.details()}")

channel = grpc.intercept_channel(plain, Bearer(api_key))

# v1alpha, as grpcio-reflection asks it: the services, then every method's types.
database = ProtoReflectionDescriptorDatabase(channel)
services = set(database.get_services())
expected = {
    "vneid.v1.AccountService", "vneid.v1.AuditService", "vneid.v1.AuthenticationService", "vneid.v1.AuthorizationService",
    "vneid.v1.NoticeService", "vneid.v1.OperationsService", "vneid.v1.OrderService", "vneid.v1.PrincipalService",
    "vneid.v1.ServiceRegistry", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
}
check(expected <= services, f"services listed: {sorted(services)}")
pool = descriptor_pool.DescriptorPool(database)
methods = 0
for name in sorted(s for s in services if s.startswith("vneid.v1.")):
    service = pool.FindServiceByName(name)
    for method in service.methods:
        check(method.input_type.full_name.startswith("vneid.v1.") and method.output_type.full_name, f"{name}/{method.name} has its types")
        methods += 1
check(methods >= 38, f"only {methods} methods described")

# A call made with nothing but what reflection described: WhoAmI.
who_am_i = pool.FindServiceByName("vneid.v1.PrincipalService").methods_by_name["WhoAmI"]
request_class = message_factory.GetMessageClass(who_am_i.input_type)
response_class = message_factory.GetMessageClass(who_am_i.output_type)
call = channel.unary_unary(
    "/vneid.v1.PrincipalService/WhoAmI",
    request_serializer=request_class.SerializeToString, response_deserializer=response_class.FromString,
)
answer = call(request_class(), timeout=10)
check(answer.name == "admin" and answer.id.startswith("prn_"), f"WhoAmI through reflection: {answer}")

# v1 answers the same questions (its messages are v1alpha's, field for field).
v1 = channel.stream_stream(
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
    response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
)
questions = [
    reflection_pb2.ServerReflectionRequest(list_services=""),
    reflection_pb2.ServerReflectionRequest(file_containing_symbol="vneid.v1.OrderService.SuspendLogin"),
    reflection_pb2.ServerReflectionRequest(file_containing_symbol="vneid.v1.NoSuchThing"),
    reflection_pb2.ServerReflectionRequest(file_by_filename="vneid/v1/accounts.proto"),
]
answers = list(v1(iter(questions), timeout=10))
check(len(answers) == 4, f"v1 gave {len(answers)} answers to 4 questions")
check({s.name for s in answers[0].list_services_response.service} == services, "v1 lists what v1alpha lists")
check(len(answers[1].file_descriptor_response.file_descriptor_proto) >= 1, "v1 finds the file of OrderService.SuspendLogin")
check(answers[2].error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0], f"an unknown symbol: {answers[2]}")
check(len(answers[3].file_descriptor_response.file_descriptor_proto) >= 2, "a file comes with the files it imports")

print(f"reflection: {checks} checks passed")
