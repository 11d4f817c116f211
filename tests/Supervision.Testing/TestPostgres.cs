using Npgsql;

namespace Supervision.Testing;

/// <summary>A PostgreSQL server for the test run; callers create their databases on it (the migrator does).</summary>
public sealed class TestPostgres
{
    private readonly NpgsqlConnectionStringBuilder _server;

    internal TestPostgres(string host, int port, string username, string password) =>
        _server = new NpgsqlConnectionStringBuilder
        {
            Host = host, Port = port, Username = username, Password = password,
            MaxPoolSize = 20, Timeout = 10, CommandTimeout = 30,
        };

    /// <summary>Connection string of a database on this server; the database need not exist yet.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = database }.ConnectionString;
}
