using System.Text;
using GenService.ML.Text;

namespace GenService.Api.Datasets;

/// <summary>What every caption of an upload must be, and how a captions file's bytes become its lines.</summary>
internal static class CaptionLines
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's lines, numbered from 1, without line ends or a leading byte-order mark.</summary>
    /// <exception cref="DatasetImportException">The file is not UTF-8.</exception>
    public static IEnumerable<(int Number, string Text)> Of(byte[] content, string entryName)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException exception)
        {
            throw new DatasetImportException($"Entry '{entryName}' is not UTF-8 text: captions files are.", exception);
        }
        return text.Split('\n').Select((line, index) => (index + 1, line.TrimEnd('\r')));
    }

    /// <summary>The caption trimmed, once the tokenizer accepts it (not empty, at most <see cref="PromptTokenizer.MaxTokens"/> tokens).</summary>
    /// <param name="where">Where it is, for the message: "'metadata.jsonl' line 3".</param>
    /// <exception cref="DatasetImportException">The caption is empty or too long; the message says where.</exception>
    public static string Checked(string caption, string where)
    {
        try
        {
            PromptTokenizer.Encode(caption);
            return caption.Trim();
        }
        catch (InvalidPromptException exception)
        {
            throw new DatasetImportException($"{where}: the caption {exception.Reason}", exception);
        }
    }
}
