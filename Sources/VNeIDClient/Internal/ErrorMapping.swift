import GRPCCore
import VNeIDCore

/// Runs a call and turns whatever it throws into a `VNeIDClientError`.
func mappingErrors<T>(_ body: () async throws -> T) async throws(VNeIDClientError) -> T {
    do {
        return try await body()
    } catch let error as VNeIDClientError {
        throw error
    } catch let error as RPCError {
        throw VNeIDClientError(error)
    } catch let error as VNeIDError {
        // The server sent something our domain rejects: a bug on one side, not the caller's.
        throw VNeIDClientError(code: .internalError, message: "unexpected response from the server: \(error.message)")
    } catch let error as RuntimeError {
        throw VNeIDClientError(code: .unavailable, message: "cannot reach the server: \(error.message)")
    } catch is CancellationError {
        throw VNeIDClientError(code: .cancelled, message: "the call was cancelled")
    } catch {
        throw VNeIDClientError(code: .unknown, message: "\(error)")
    }
}
