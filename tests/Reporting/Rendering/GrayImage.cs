using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ReportForge.Reporting.Tests.Rendering;

/// <summary>An 8-bit grey image: read from pdftoppm's PGM, stored as PNG (written and read here, filter type 0 only), compared pixel by pixel.</summary>
internal sealed class GrayImage(int width, int height, byte[] pixels)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public byte[] Pixels { get; } = pixels;

    /// <summary>A binary PGM (P5, maxval 255), as pdftoppm -gray writes it.</summary>
    public static GrayImage ReadPgm(byte[] data)
    {
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)data[position]) || data[position] == '#')
            {
                if (data[position] == '#')
                {
                    while (data[position] != '\n')
                    {
                        position++;
                    }
                }

                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)data[position]))
            {
                position++;
            }

            return Encoding.ASCII.GetString(data, start, position - start);
        }

        if (Token() != "P5")
        {
            throw new FormatException("Not a binary PGM (P5).");
        }

        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        if (Token() != "255")
        {
            throw new FormatException("Only 8-bit PGM is read.");
        }

        position++;
        return new GrayImage(width, height, data.AsSpan(position, width * height).ToArray());
    }

    public byte[] ToPng()
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bit depth
        header[9] = 0; // grey
        Chunk(png, "IHDR", header);
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var y = 0; y < Height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(Pixels, y * Width, Width);
            }
        }

        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    public static GrayImage ReadPng(byte[] data)
    {
        var position = 8;
        int width = 0, height = 0;
        using var compressed = new MemoryStream();
        while (position < data.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(position));
            var type = Encoding.ASCII.GetString(data, position + 4, 4);
            var body = data.AsSpan(position + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[9] != 0)
                {
                    throw new FormatException("Only 8-bit grey PNGs written by GrayImage are read.");
                }
            }
            else if (type == "IDAT")
            {
                compressed.Write(body);
            }

            position += 12 + length;
        }

        compressed.Position = 0;
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            if (rows[y * (width + 1)] != 0)
            {
                throw new FormatException("Only PNG filter type 0 is read.");
            }

            Array.Copy(rows, y * (width + 1) + 1, pixels, y * width, width);
        }

        return new GrayImage(width, height, pixels);
    }

    /// <summary>Share of pixels whose grey differs by more than <paramref name="threshold"/> levels.</summary>
    public double DifferingShare(GrayImage other, int threshold)
    {
        if (other.Width != Width || other.Height != Height)
        {
            return 1;
        }

        var differing = 0;
        for (var i = 0; i < Pixels.Length; i++)
        {
            if (Math.Abs(Pixels[i] - other.Pixels[i]) > threshold)
            {
                differing++;
            }
        }

        return (double)differing / Pixels.Length;
    }

    /// <summary>Where the two differ: black where they differ, white where they agree.</summary>
    public GrayImage DifferenceFrom(GrayImage other, int threshold)
    {
        var pixels = new byte[Pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = other.Pixels.Length == Pixels.Length && Math.Abs(Pixels[i] - other.Pixels[i]) <= threshold ? (byte)255 : (byte)0;
        }

        return new GrayImage(Width, Height, pixels);
    }

    private static void Chunk(Stream png, string type, byte[] body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        png.Write(word);
        var typeAndBody = Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
        png.Write(typeAndBody);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndBody));
        png.Write(word);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
