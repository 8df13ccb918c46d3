using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddAccountQuotasAndWebhookSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ConcurrentTrainingRunsQuota",
                table: "Accounts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ImagesPerGenerationQuota",
                table: "Accounts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StoredBytesQuota",
                table: "Accounts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebhookSecret",
                table: "Accounts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.UpdateData(
                table: "Accounts",
                keyColumn: "Id",
                keyValue: new Guid("00000000-0000-0000-0000-000000000001"),
                columns: new[] { "ConcurrentTrainingRunsQuota", "ImagesPerGenerationQuota", "StoredBytesQuota", "WebhookSecret" },
                values: new object[] { null, null, null, null });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConcurrentTrainingRunsQuota",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ImagesPerGenerationQuota",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "StoredBytesQuota",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "WebhookSecret",
                table: "Accounts");
        }
    }
}
