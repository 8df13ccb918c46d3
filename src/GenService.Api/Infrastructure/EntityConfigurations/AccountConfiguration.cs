using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure.EntityConfigurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("Accounts");
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.WebhookSecret).HasMaxLength(100);
        builder.HasIndex(a => a.CreatedAt);
        builder.HasData(new Account
        {
            Id = Account.OperatorId,
            Name = Account.OperatorName,
            CreatedAt = new DateTime(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc),
        });
    }
}
