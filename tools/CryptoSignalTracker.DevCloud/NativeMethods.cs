using System.Runtime.InteropServices;

namespace CryptoSignalTracker.DevCloud;

/// <summary>POSIX signals: the local cloud runs each child in its own process group (setsid) and signals it by its id.</summary>
internal static partial class NativeMethods
{
    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGCONT (Linux).</summary>
    public const int SigCont = 18;

    /// <summary>SIGSTOP (Linux).</summary>
    public const int SigStop = 19;

    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>, or to its whole group when <paramref name="group"/>; false when it is already gone.</summary>
    /// <exception cref="InvalidOperationException">kill(2) failed for another reason (named).</exception>
    public static bool Signal(int pid, int signal, bool group)
    {
        if (Kill(group ? -pid : pid, signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchProcess
            ? false
            : throw new InvalidOperationException($"kill({(group ? -pid : pid)}, {signal}) failed with errno {errno}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Kill(int pid, int sig);
}
