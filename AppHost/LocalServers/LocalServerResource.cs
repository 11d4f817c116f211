using Aspire.Hosting.ApplicationModel;

namespace Supervision.AppHost.LocalServers;

/// <summary>A server run from its Debian package as an executable, with a connection string like a container's.</summary>
public sealed class LocalServerResource(string name, string command, string workingDirectory, ReferenceExpression connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;
}
