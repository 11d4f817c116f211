using System.ComponentModel;
using System.Diagnostics;

namespace Supervision.Reporting.Documents;

/// <summary>Where headless Chromium is and how long one page may take (section Reporting:Pdf).</summary>
public sealed class PdfOptions
{
    public const string Section = "Reporting:Pdf";

    /// <summary>The Chromium executable: a name on the PATH (Debian's package installs <c>chromium</c>) or a full path.</summary>
    public string Chromium { get; set; } = "chromium";

    /// <summary>How long one document may take to print before the attempt is abandoned.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Documents printed at once by one instance: each Chromium takes a few hundred MB and a core.</summary>
    public int ConcurrentPrints { get; set; } = 1;
}

/// <summary>Chromium could not print: missing, too slow or failing. The message says which, for the operator's log.</summary>
public sealed class PdfUnavailableException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>"missing", "timeout" or "failed": the key of the words shown to the caller.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// Prints a self-contained HTML page to PDF with headless Chromium, each time in a fresh profile folder that is
/// removed afterwards, with outside networking off: the page carries everything it shows (inline SVG, CSS; the
/// CJK font comes from the machine's fonts-noto-cjk).
/// </summary>
public sealed class PdfPrinter(PdfOptions options)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.ConcurrentPrints));

    public async Task<byte[]> PrintAsync(string html, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        var folder = Directory.CreateTempSubdirectory("supervision-pdf-");
        try
        {
            var page = Path.Combine(folder.FullName, "document.html");
            var pdf = Path.Combine(folder.FullName, "document.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            await RunChromiumAsync(folder.FullName, page, pdf, ct);
            return File.Exists(pdf) && new FileInfo(pdf).Length > 0
                ? await File.ReadAllBytesAsync(pdf, ct)
                : throw new PdfUnavailableException("failed", $"Chromium ({options.Chromium}) exited without writing a PDF");
        }
        finally
        {
            _slots.Release();
            try { folder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private async Task RunChromiumAsync(string folder, string page, string pdf, CancellationToken ct)
    {
        var start = new ProcessStartInfo(options.Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])
                 ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
                  "--user-data-dir=" + Path.Combine(folder, "profile"), "--print-to-pdf=" + pdf, new Uri(page).AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new PdfUnavailableException("missing", $"Chromium ({options.Chromium}) cannot be started: {e.Message}; install Debian's chromium and fonts-noto-cjk", e);
        }
        var errors = process.StandardError.ReadToEndAsync(ct);
        _ = process.StandardOutput.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new PdfUnavailableException("timeout", $"Chromium ({options.Chromium}) did not print within {options.Timeout}");
        }
        if (process.ExitCode != 0)
        {
            var output = await errors;
            throw new PdfUnavailableException("failed", $"Chromium ({options.Chromium}) exited with {process.ExitCode}: {output[^Math.Min(output.Length, 400)..]}");
        }
    }
}
