using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure.EntityConfigurations;

internal sealed class GenerationConfiguration : IEntityTypeConfiguration<Generation>
{
    public void Configure(EntityTypeBuilder<Generation> builder)
    {
        builder.ToTable("Generations");
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Operation).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Direction).HasConversion<string>().HasMaxLength(8);
        builder.Property(g => g.Stage).HasConversion<string>().HasMaxLength(4);
        builder.Property(g => g.Format).HasMaxLength(8);
        builder.Property(g => g.WebhookUrl).HasMaxLength(2000);
        builder.Property(g => g.WebhookStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.WebhookLastError).HasMaxLength(1000);
        builder.Property(g => g.Error).HasMaxLength(4000);
        builder.Property(g => g.JobId).HasMaxLength(64);
        builder.Property(g => g.LeaseOwner).HasMaxLength(200);
        builder.Property(g => g.RequestId).HasMaxLength(64);
        builder.HasOne(g => g.Model).WithMany().HasForeignKey(g => g.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(g => g.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(g => new { g.ModelId, g.CreatedAt });
        builder.HasIndex(g => g.Status);
    }
}
