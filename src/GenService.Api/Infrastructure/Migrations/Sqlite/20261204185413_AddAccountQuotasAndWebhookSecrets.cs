using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddAccountQuotasAndWebhookSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AccountId",
                table: "Generations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ConcurrentTrainingRunsQuota",
                table: "Accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ImagesPerGenerationQuota",
                table: "Accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StoredBytesQuota",
                table: "Accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebhookSecret",
                table: "Accounts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Generations_AccountId",
                table: "Generations",
                column: "AccountId");

            migrationBuilder.AddForeignKey(
                name: "FK_Generations_Accounts_AccountId",
                table: "Generations",
                column: "AccountId",
                principalTable: "Accounts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Generations_Accounts_AccountId",
                table: "Generations");

            migrationBuilder.DropIndex(
                name: "IX_Generations_AccountId",
                table: "Generations");

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "Generations");

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
