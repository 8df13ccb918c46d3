using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddWebhookDeliveries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "WebhookDeliveredAt",
                table: "Generations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebhookLastError",
                table: "Generations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WebhookLastStatusCode",
                table: "Generations",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WebhookDeliveredAt",
                table: "Generations");

            migrationBuilder.DropColumn(
                name: "WebhookLastError",
                table: "Generations");

            migrationBuilder.DropColumn(
                name: "WebhookLastStatusCode",
                table: "Generations");
        }
    }
}
