import Foundation

/// Work on a thread of its own, whose result the caller waits for.
final class Beside<T>: @unchecked Sendable {
    // @unchecked: `work`, and what it touches, is used by the other thread alone until `done` is
    // signalled; `outcome` is written before that and read only after it.
    private var work: (() throws -> T)?
    private var outcome: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping () throws -> T) {
        self.work = work
        Thread { [self] in
            outcome = run()
            done.signal()
        }.start()
    }

    /// Waits for the work to end.
    func result() -> Result<T, any Error> {
        done.wait()
        return outcome!
    }

    /// Runs the work and lets go of it before returning: a caller's closure must not outlive its
    /// call (`withoutActuallyEscaping` checks), and this thread goes on a moment after signalling.
    private func run() -> Result<T, any Error> {
        let work = work!
        self.work = nil
        return Result { try work() }
    }
}
