using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GenService.Api.Infrastructure;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGenServiceDbContext>
{
    public PostgresGenServiceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGenServiceDbContext>().UseNpgsql("Host=localhost").Options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGenServiceDbContext>
{
    public SqliteGenServiceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGenServiceDbContext>().UseSqlite("Data Source=design.db").Options);
}
