using System;
using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddAccountOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every record stored before records had owners becomes the operator's, whose account this inserts.
            migrationBuilder.DropIndex(
                name: "IX_Models_Name_Version",
                table: "Models");

            migrationBuilder.AddColumn<Guid>(
                name: "AccountId",
                table: "TrainingRuns",
                type: "TEXT",
                nullable: false,
                defaultValue: Account.OperatorId);

            migrationBuilder.AddColumn<Guid>(
                name: "AccountId",
                table: "Models",
                type: "TEXT",
                nullable: false,
                defaultValue: Account.OperatorId);

            migrationBuilder.AddColumn<Guid>(
                name: "AccountId",
                table: "Generations",
                type: "TEXT",
                nullable: false,
                defaultValue: Account.OperatorId);

            migrationBuilder.AddColumn<Guid>(
                name: "AccountId",
                table: "FeatureNetworks",
                type: "TEXT",
                nullable: false,
                defaultValue: Account.OperatorId);

            migrationBuilder.AddColumn<Guid>(
                name: "AccountId",
                table: "Evaluations",
                type: "TEXT",
                nullable: false,
                defaultValue: Account.OperatorId);

            migrationBuilder.AddColumn<Guid>(
                name: "AccountId",
                table: "Datasets",
                type: "TEXT",
                nullable: false,
                defaultValue: Account.OperatorId);

            migrationBuilder.InsertData(
                table: "Accounts",
                columns: new[] { "Id", "CreatedAt", "Name" },
                values: new object[] { new Guid("00000000-0000-0000-0000-000000000001"), new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc), "operator" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingRuns_AccountId",
                table: "TrainingRuns",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Models_AccountId_Name_Version",
                table: "Models",
                columns: new[] { "AccountId", "Name", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Generations_AccountId",
                table: "Generations",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_FeatureNetworks_AccountId",
                table: "FeatureNetworks",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_AccountId",
                table: "Evaluations",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Datasets_AccountId",
                table: "Datasets",
                column: "AccountId");

            // No foreign keys to Accounts on SQLite: SQLite adds a column with a REFERENCES clause only when its default
            // is NULL, and EF's AddForeignKey rebuilds each table outside the migration's transaction (warning at every
            // first start). Accounts are never deleted, and PostgreSQL, the database of several nodes, has the keys.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrainingRuns_AccountId",
                table: "TrainingRuns");

            migrationBuilder.DropIndex(
                name: "IX_Models_AccountId_Name_Version",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Generations_AccountId",
                table: "Generations");

            migrationBuilder.DropIndex(
                name: "IX_FeatureNetworks_AccountId",
                table: "FeatureNetworks");

            migrationBuilder.DropIndex(
                name: "IX_Evaluations_AccountId",
                table: "Evaluations");

            migrationBuilder.DropIndex(
                name: "IX_Datasets_AccountId",
                table: "Datasets");

            migrationBuilder.DeleteData(
                table: "Accounts",
                keyColumn: "Id",
                keyValue: new Guid("00000000-0000-0000-0000-000000000001"));

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "Generations");

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "FeatureNetworks");

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "Evaluations");

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "Datasets");

            migrationBuilder.CreateIndex(
                name: "IX_Models_Name_Version",
                table: "Models",
                columns: new[] { "Name", "Version" },
                unique: true);
        }
    }
}
