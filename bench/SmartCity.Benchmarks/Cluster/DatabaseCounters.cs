using Npgsql;

namespace SmartCity.Benchmarks.Cluster;

/// <summary>What PostgreSQL wrote in a window: bytes of write-ahead log, the cost every durable write pays.</summary>
public sealed record DatabaseWork(long WalBytes)
{
    public DatabaseWork Minus(DatabaseWork start) => new(WalBytes - start.WalBytes);
}

/// <summary>
/// Reads the server's write-ahead log position. Unlike the cumulative statistics views (which
/// backends update lazily, up to seconds late), it moves as each write happens, so a window of
/// a few seconds measures exactly what was written in it: by every database of the benchmark's
/// own server, of which only the cluster under test is in use.
/// </summary>
public sealed class DatabaseCounters(string connectionString)
{
    public async Task<DatabaseWork> ReadAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint;", connection);
        return new DatabaseWork((long)(await read.ExecuteScalarAsync())!);
    }
}
