import Foundation

/// Ctrl-C during a long run: the first SIGINT (or SIGTERM) asks the run to stop at the next safe point
/// (between rows, where the open transaction is rolled back, or between tables); a second one ends the
/// process at once, which is safe too, only less tidy.
public enum Interruption {
    /// The signal that asked to stop, or 0. Written only by the signal handler.
    nonisolated(unsafe) private static var signalNumber: sig_atomic_t = 0

    /// Why the run stopped.
    public struct Stopped: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Installs the handlers; call once, from the thread that runs the long operation.
    ///
    /// The signals are also unblocked for that thread: a process inherits its parent's signal mask,
    /// and one started from a thread that blocks them (a job runner, a test harness, a dispatch
    /// worker) would otherwise never see Ctrl-C at all, and run on to the end.
    public static func install() {
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGINT)
        sigaddset(&unblocked, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for signalToCatch in [SIGINT, SIGTERM] {
            signal(signalToCatch) { received in
                Interruption.signalNumber = received
                signal(received, SIG_DFL)
            }
        }
    }

    /// Whether a stop was asked for.
    static var requested: Bool { signalNumber != 0 }

    /// Throws `Stopped`, saying `what` and how to go on, when a stop was asked for.
    static func check(_ what: @autoclosure () -> String) throws {
        guard requested else { return }
        throw Stopped(description: "interrupted (\(signalNumber == SIGINT ? "Ctrl-C" : "SIGTERM")): \(what())")
    }
}
