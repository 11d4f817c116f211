using System.Diagnostics;

namespace Supervision.Testing;

/// <summary>What a reader would copy out of a PDF: the text <c>pdftotext</c> (poppler-utils) extracts, and its page size.</summary>
public static class PdfText
{
    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"supervision-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            return await RunAsync("pdftotext", "-enc", "UTF-8", "-layout", file, "-");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The first page's size in points, as pdfinfo reports it ("594.96 x 841.92 pts (A4)").</summary>
    public static async Task<string> PageSizeAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"supervision-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var info = await RunAsync("pdfinfo", file);
            return info.Split('\n').Single(l => l.StartsWith("Page size:", StringComparison.Ordinal))["Page size:".Length..].Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Without spaces and line breaks: pdftotext lays text out as it sits on the page, and Chinese needs no spaces.</summary>
    public static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {await errors}");
    }
}
