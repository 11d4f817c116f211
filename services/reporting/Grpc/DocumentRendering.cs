using System.Text;
using Grpc.Core;
using Supervision.Reporting.Documents;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;

namespace Supervision.Reporting.Grpc;

/// <summary>A document's HTML page answered as HTML or printed to PDF; a printer that cannot print is UNAVAILABLE, in the caller's words.</summary>
public sealed class DocumentRendering(PdfPrinter printer, ILogger<DocumentRendering> logger)
{
    public async Task<RenderedDocument> RenderAsync(string html, string fileName, DocumentFormat format, CancellationToken ct)
    {
        if (format != DocumentFormat.Pdf)
        {
            return Html(html, fileName);
        }
        try
        {
            var pdf = await printer.PrintAsync(html, ct);
            return new RenderedDocument { ContentType = "application/pdf", FileName = fileName + ".pdf", Content = Google.Protobuf.ByteString.CopyFrom(pdf) };
        }
        catch (PdfUnavailableException e)
        {
            logger.LogError(e, "Printing {FileName} to PDF failed: {Reason}", fileName, e.Reason);
            throw new RpcException(new Status(StatusCode.Unavailable, ReportingTexts.Words["pdf." + e.Reason]));
        }
    }

    public static RenderedDocument Html(string html, string fileName) => new()
    {
        ContentType = "text/html; charset=utf-8",
        FileName = fileName + ".html",
        Content = Google.Protobuf.ByteString.CopyFrom(Encoding.UTF8.GetBytes(html)),
    };
}
