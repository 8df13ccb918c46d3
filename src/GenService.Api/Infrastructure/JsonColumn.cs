using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure;

/// <summary>Stores a small collection as JSON text, the same way on PostgreSQL and SQLite.</summary>
internal static class JsonColumn
{
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
        where T : class, new() =>
        property.HasConversion(
            value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default),
            text => JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Default) ?? new T(),
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(b, JsonSerializerOptions.Default),
                value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Default), JsonSerializerOptions.Default)!))
            .IsRequired();
}
