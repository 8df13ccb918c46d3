using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Postgres
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebhookLastError",
                table: "Generations",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WebhookLastStatusCode",
                table: "Generations",
                type: "integer",
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
