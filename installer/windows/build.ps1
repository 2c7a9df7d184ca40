# Builds the Windows installer of Hongdun Workbench on a Windows 10/11 x64 machine:
#   1. a venv (build\venv-windows) from requirements.lock (every file checked against its sha256, wheels only),
#   2. the PyInstaller onedir bundle dist\hongdun\ (installer\hongdun.spec),
#   3. a smoke test of the bundle (hongdun.exe --help),
#   4. ISCC with the version from client\version.py -> dist\hongdun-workbench-<version>-setup-x64.exe
#
# Needs: Python 3.11 x64 (python.org installer; the "py" launcher finds it) and Inno Setup 6.3+
# (6.5+ ships Languages\ChineseSimplified.isl). Run from any folder:
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
#   ... -Python C:\Python311\python.exe -Iscc "D:\Tools\Inno Setup 6\ISCC.exe"
# Written on Linux and never run there (no Windows on the project's machines): see
# docs/installing.md, "Windows". Kept ASCII-only: Windows PowerShell 5.1 reads a .ps1 without a
# BOM in the ANSI code page.
[CmdletBinding()]
param(
    [string]$Python = "",
    [string]$Iscc = ""
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

# PowerShell 5.1 does not stop on a failing native program: check every exit code.
function Invoke-Native {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "build: '$Exe $($Arguments -join ' ')' failed (exit $LASTEXITCODE)" }
}

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

# The version: client\version.py is the single source (VERSION = "X.Y.Z").
$match = Select-String -Path "client\version.py" -Pattern '^VERSION\s*=\s*"([^"]+)"' | Select-Object -First 1
if (-not $match) { throw "build: no VERSION = `"...`" line in client\version.py" }
$Version = $match.Matches[0].Groups[1].Value
# The .exe file-version resource takes digits and dots only ("0.3.0rc1" -> "0.3.0").
$Numeric = ([regex]::Match($Version, '^\d+(\.\d+){0,3}')).Value
Write-Host "build: Hongdun Workbench $Version"

# Python 3.11 x64, the version the project is tested with.
if (-not $Python) {
    if (-not (Get-Command py -ErrorAction SilentlyContinue)) {
        throw "build: the py launcher is missing; install Python 3.11 x64 from python.org or pass -Python C:\path\python.exe"
    }
    $Python = (& py -3.11 -c "import sys; print(sys.executable)")
    if ($LASTEXITCODE -ne 0 -or -not $Python) { throw "build: 'py -3.11' found no Python 3.11" }
}
Invoke-Native $Python @("-c", "import struct, sys; assert sys.version_info[:2] == (3, 11) and struct.calcsize('P') == 8, sys.version")

# 1. The venv, made equal to the lock like scripts/bootstrap.sh does on Linux. On Windows every
#    locked package has a wheel (pyscard too), so nothing is compiled. Recreated on each build, a
#    release being built from the lock alone; kept apart from a developer's .venv (build\ is
#    git-ignored).
$Venv = Join-Path $Root "build\venv-windows"
if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
Invoke-Native $Python @("-m", "venv", $Venv)
$Py = Join-Path $Venv "Scripts\python.exe"
Invoke-Native $Py @("-m", "pip", "install", "--disable-pip-version-check", "--quiet",
    "--require-hashes", "--no-deps", "--only-binary", ":all:", "-r", "requirements.lock")
# the project itself (its metadata; the code is what PyInstaller collects from the checkout)
Invoke-Native $Py @("-m", "pip", "install", "--disable-pip-version-check", "--quiet",
    "--no-deps", "--no-build-isolation", "-e", ".")
Invoke-Native $Py @("-m", "pip", "check")

# 2. The bundle: dist\hongdun\hongdun-workbench.exe (windowed), dist\hongdun\hongdun.exe (console).
Invoke-Native $Py @("-m", "PyInstaller", "--noconfirm", "--clean", "installer\hongdun.spec")
$Bundle = Join-Path $Root "dist\hongdun"
foreach ($exe in @("hongdun-workbench.exe", "hongdun.exe")) {
    if (-not (Test-Path (Join-Path $Bundle $exe))) { throw "build: $exe missing from $Bundle" }
}

# 3. Smoke test: the console program starts from the bundle and prints its help.
Invoke-Native (Join-Path $Bundle "hongdun.exe") @("--help") | Out-Null

# 4. The installer. ISCC: -Iscc, else PATH, else the default machine-wide and per-user installs.
if (-not $Iscc) {
    $found = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    $candidates = @()
    if ($found) { $candidates += $found.Source }
    if (${env:ProgramFiles(x86)}) { $candidates += Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
    $candidates += Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"
    $candidates += Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe"
    $Iscc = $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $Iscc) { throw "build: ISCC.exe not found; install Inno Setup 6.3+ or pass -Iscc C:\path\ISCC.exe" }
}
Invoke-Native $Iscc @("/Q", "/DAppVersion=$Version", "/DAppNumericVersion=$Numeric",
    (Join-Path $PSScriptRoot "hongdun.iss"))

$Setup = Join-Path $Root "dist\hongdun-workbench-$Version-setup-x64.exe"
if (-not (Test-Path $Setup)) { throw "build: ISCC succeeded but $Setup is missing" }
Write-Host ("build: {0} ({1:N1} MB)" -f $Setup, ((Get-Item $Setup).Length / 1MB))
