using System.Buffers.Binary;

namespace Chexs.Bot.Manifest;

/// <summary>The facts of a PNG file's header (IHDR) that Teams checks on app icons.</summary>
public sealed record PngInfo(int Width, int Height, int BitDepth, int ColorType)
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True for the colour types that carry an alpha channel (grey+alpha, RGBA).</summary>
    public bool HasAlphaChannel => ColorType is 4 or 6;

    /// <exception cref="InvalidDataException">The bytes are not a PNG file.</exception>
    public static PngInfo Read(ReadOnlySpan<byte> png)
    {
        // Signature (8) + IHDR length (4) + "IHDR" (4) + width, height (8) + depth, colour type (2).
        if (png.Length < 26 || !png[..8].SequenceEqual(Signature) || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidDataException("not a PNG file");
        }
        return new PngInfo(
            BinaryPrimitives.ReadInt32BigEndian(png.Slice(16, 4)),
            BinaryPrimitives.ReadInt32BigEndian(png.Slice(20, 4)),
            png[24],
            png[25]);
    }
}
