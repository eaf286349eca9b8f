using System.Runtime.Versioning;

// The tests run the linux-x64 Bicep CLI and the POSIX shell scripts of infra/.
[assembly: SupportedOSPlatform("linux")]
