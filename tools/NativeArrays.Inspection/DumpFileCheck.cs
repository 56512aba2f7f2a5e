using System.Buffers.Binary;
using System.Text;

namespace NativeArrays.Inspection;

/// <summary>What the structure check of an ELF core dump found.</summary>
/// <param name="Segments">Memory segments (PT_LOAD) in the file, all inside it.</param>
/// <param name="Threads">Thread records (NT_PRSTATUS notes).</param>
/// <param name="MappedFiles">Files the process had mapped (the NT_FILE note), as written in the dump.</param>
public sealed record CoreFileFacts(int Segments, int Threads, IReadOnlyList<string> MappedFiles)
{
    /// <summary>Whether the process had NativeArrays.dll mapped when the dump was written.</summary>
    public bool MapsNativeArrays => MappedFiles.Any(f => string.Equals(Path.GetFileName(f), "NativeArrays.dll", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Checks the structure of an ELF core dump before ClrMD and the runtime's data access component read it: the header,
/// the program headers, every segment and every note must lie inside the file. A truncated or overwritten header is
/// then a one-line "unreadable" error (exit 13) instead of whatever the native reader would do with it. Other formats
/// (Windows minidumps) are left to ClrMD.
/// </summary>
public static class DumpFileCheck
{
    private const uint PtLoad = 1, PtNote = 4;
    private const uint NtPrStatus = 1, NtFile = 0x46494c45;

    /// <summary>
    /// Validates <paramref name="path"/> when it is an ELF core file and returns what it found; null for other formats.
    /// </summary>
    /// <exception cref="InspectorException">Exit code 13: the file is an ELF core file whose structure is damaged.</exception>
    public static CoreFileFacts? Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.RandomAccess);
        long length = file.Length;
        Span<byte> ident = stackalloc byte[64];
        int got = ReadAt(file, 0, ident);
        if (got < 4 || ident[0] != 0x7f || ident[1] != (byte)'E' || ident[2] != (byte)'L' || ident[3] != (byte)'F') return null;
        string where = $"'{path}'";
        if (got < 64) throw Unreadable($"{where} is truncated inside its ELF header ({length} bytes)");
        if (ident[4] != 2 || ident[5] != 1)
            throw Unreadable($"{where} is not a 64-bit little-endian ELF file (class {ident[4]}, data {ident[5]})");
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(ident[16..]);
        if (type != 4) throw Unreadable($"{where} is an ELF file but not a core dump (type {type})");
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(ident[32..]);
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(ident[40..]);
        ushort phentsize = BinaryPrimitives.ReadUInt16LittleEndian(ident[54..]);
        long phnum = BinaryPrimitives.ReadUInt16LittleEndian(ident[56..]);
        if (phentsize != 56) throw Unreadable($"{where}: program header entries of {phentsize} bytes (expected 56)");
        if (phnum == 0xffff)
        {
            // More than 65534 segments: the real count is in section header 0's sh_info.
            Span<byte> sh0 = stackalloc byte[64];
            if (!Inside(shoff, 64, length) || ReadAt(file, (long)shoff, sh0) < 64)
                throw Unreadable($"{where}: the extended segment count lies outside the file ({length} bytes)");
            phnum = BinaryPrimitives.ReadUInt32LittleEndian(sh0[44..]);
        }
        if (phnum == 0) throw Unreadable($"{where}: the core dump has no segments");
        if (!Inside(phoff, (ulong)phnum * 56, length))
            throw Unreadable($"{where} is truncated: its {phnum} program headers end past the file's {length} bytes");
        var headers = new byte[phnum * 56];
        if (ReadAt(file, (long)phoff, headers) < headers.Length) throw Unreadable($"{where}: cannot read the program headers");
        int segments = 0, threads = 0, notes = 0;
        var files = new List<string>();
        for (int i = 0; i < phnum; i++)
        {
            var h = headers.AsSpan(i * 56, 56);
            uint ptype = BinaryPrimitives.ReadUInt32LittleEndian(h);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(h[8..]);
            ulong vaddr = BinaryPrimitives.ReadUInt64LittleEndian(h[16..]);
            ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
            ulong memsz = BinaryPrimitives.ReadUInt64LittleEndian(h[40..]);
            if (ptype != PtLoad && ptype != PtNote) continue;
            if (!Inside(offset, filesz, length))
            {
                throw Unreadable($"{where} is truncated or damaged: segment {i + 1} of {phnum} (address 0x{vaddr:x}) ends at byte {offset + filesz}, " +
                                 $"past the file's {length} bytes");
            }
            if (ptype == PtLoad)
            {
                if (filesz > memsz) throw Unreadable($"{where}: segment {i + 1} (address 0x{vaddr:x}) holds more bytes in the file than in memory");
                segments++;
                continue;
            }
            notes++;
            if (filesz > 64L << 20) throw Unreadable($"{where}: a note segment of {filesz} bytes");
            var data = new byte[filesz];
            if (ReadAt(file, (long)offset, data) < data.Length) throw Unreadable($"{where}: cannot read note segment {i + 1}");
            ReadNotes(data, where, ref threads, files);
        }
        if (notes == 0) throw Unreadable($"{where}: the core dump has no notes (no threads, no file list)");
        if (threads == 0) throw Unreadable($"{where}: the core dump records no thread");
        if (segments == 0) throw Unreadable($"{where}: the core dump holds no memory");
        return new CoreFileFacts(segments, threads, files);
    }

    private static void ReadNotes(ReadOnlySpan<byte> data, string where, ref int threads, List<string> files)
    {
        int at = 0;
        while (at + 12 <= data.Length)
        {
            uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
            uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 4)..]);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 8)..]);
            long nameEnd = at + 12 + Align4(namesz);
            long descEnd = nameEnd + Align4(descsz);
            if (descEnd > data.Length || nameEnd > data.Length)
                throw Unreadable($"{where}: a note (type 0x{type:x}) runs past its segment");
            var desc = data.Slice((int)nameEnd, (int)descsz);
            if (type == NtPrStatus) threads++;
            else if (type == NtFile) ReadFileNote(desc, where, files);
            at = (int)descEnd;
            if (namesz == 0 && descsz == 0 && type == 0) break; // zero padding
        }
    }

    private static void ReadFileNote(ReadOnlySpan<byte> desc, string where, List<string> files)
    {
        if (desc.Length < 16) throw Unreadable($"{where}: the file-mapping note is truncated");
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(desc);
        if (count > (ulong)(desc.Length - 16) / 24) throw Unreadable($"{where}: the file-mapping note claims {count} files");
        var names = desc[(16 + (int)count * 24)..];
        for (ulong k = 0; k < count; k++)
        {
            int end = names.IndexOf((byte)0);
            if (end < 0) throw Unreadable($"{where}: the file-mapping note's names run past it");
            files.Add(Encoding.UTF8.GetString(names[..end]));
            names = names[(end + 1)..];
        }
    }

    private static long Align4(uint n) => ((long)n + 3) & ~3L;

    private static bool Inside(ulong offset, ulong size, long length) =>
        offset <= (ulong)length && size <= (ulong)length - offset;

    private static int ReadAt(FileStream file, long offset, Span<byte> buffer)
    {
        file.Position = offset;
        int total = 0;
        while (total < buffer.Length)
        {
            int n = file.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static InspectorException Unreadable(string message) => new(ExitCodes.BadDump, "unreadable: " + message);
}
