using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure.EntityConfigurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.Property(k => k.Name).HasMaxLength(200);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(32);
        builder.Property(k => k.Scopes).HasJsonConversion().HasMaxLength(200);
        builder.HasOne(k => k.Account).WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(k => k.Prefix);
        builder.HasIndex(k => k.CreatedAt);
    }
}
