; 红盾工作台 (Hongdun Workbench) — the Windows installer (Inno Setup 6.3 or later).
;
; Wraps the PyInstaller onedir bundle that `pyinstaller installer/hongdun.spec` builds on a
; Windows machine into dist\hongdun\ (hongdun-workbench.exe, the windowed GUI, and hongdun.exe,
; the console CLI, sharing one _internal\). installer\windows\build.ps1 does both steps and
; passes the version:
;   ISCC.exe /DAppVersion=0.2.0 /DAppNumericVersion=0.2.0 installer\windows\hongdun.iss
; Output: dist\hongdun-workbench-<version>-setup-x64.exe. Never built on the project's Linux
; machines (no Windows, no ISCC there): see docs/installing.md, "Windows".
;
; Install mode. Default: administrative, for all users, into {autopf} = C:\Program Files\Hongdun
; Workbench — office PCs are set up by IT, the clerks who use them are not administrators, and a
; program folder they cannot write keeps the bundle (which signs cards and commands) as
; installed. PrivilegesRequiredOverridesAllowed=dialog lets someone without administrator rights
; install for themselves only: then {autopf} is {userpf} = %LOCALAPPDATA%\Programs\Hongdun
; Workbench and the shortcuts are the user's own. Either way the program keeps its data per user
; (platformdirs, appname "hongdun", appauthor defaulting to the appname):
; %LOCALAPPDATA%\hongdun\hongdun\ (settings.json, local.db, stores\) — never in {app}.
;
; Uninstalling removes {app} and the shortcuts only. Inno's uninstaller deletes what Setup
; created ([Files], [Icons], [Dirs]) and nothing else unless an [UninstallDelete] entry says so;
; there is deliberately none for the user's data, so the local store and the unsent outbox
; survive an uninstall or a reinstall. The keys in Windows Credential Manager stay too.

#if VER < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or later is needed (the x64compatible architecture identifier).
#endif

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (build.ps1 reads it from client\version.py).
#endif
#ifndef AppNumericVersion
  ; the file-version resource needs digits and dots only; build.ps1 passes the numeric prefix
  #define AppNumericVersion AppVersion
#endif
#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\..\dist\hongdun"
#endif
#if !FileExists(AddBackslash(BundleDir) + "hongdun-workbench.exe") || !FileExists(AddBackslash(BundleDir) + "hongdun.exe")
  #pragma error "No PyInstaller bundle in " + BundleDir + ": run pyinstaller installer\hongdun.spec first (build.ps1 does)"
#endif
#if !FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #error Languages\ChineseSimplified.isl is missing from the Inno Setup folder: it ships with Inno Setup 6.5 and later; for 6.3/6.4 download it from https://jrsoftware.org/files/istrans/ into that folder.
#endif

#define AppName "红盾工作台"
#define AppExe "hongdun-workbench.exe"

[Setup]
; one fixed id for every version, so that a new setup upgrades the installed one in place
AppId={{94005AC5-B10D-484D-9EDD-879719C6190E}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=广州市市场监督管理局
AppCopyright=广州市市场监督管理局
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\Hongdun Workbench
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
; the bundle is 64-bit only (x64 Python and Qt wheels); Qt 6 supports Windows 10 1809 and later
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
; Chinese always: the program speaks Chinese, and so does its installer (/LANG=english for support staff)
LanguageDetectionMethod=none
ShowLanguageDialog=no
WizardStyle=modern
SetupIconFile=hongdun.ico
UninstallDisplayIcon={app}\hongdun.ico
UninstallDisplayName={#AppName}
OutputDir={#AddBackslash(SourcePath)}..\..\dist
OutputBaseFilename=hongdun-workbench-{#AppVersion}-setup-x64
Compression=lzma2
SolidCompression=yes
LZMAUseSeparateProcess=yes
; a running workbench holds its DLLs open: Setup offers to close it (Restart Manager)
CloseApplications=yes
SetupLogging=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.SCardDisabled=Windows 的“智能卡”服务（SCardSvr）已被禁用，红盾工作台将无法读写 IC 卡。%n%n请管理员把该服务的启动类型恢复为 Windows 的默认值“手动”（以管理员身份运行：sc config SCardSvr start= demand），然后重新插入读卡器。安装程序不会自行更改系统服务。
chinesesimplified.SCardMissing=本机没有 Windows 的“智能卡”服务（SCardSvr），红盾工作台将无法读写 IC 卡。%n%n请管理员检查本机的 Windows 智能卡组件是否被移除。
english.SCardDisabled=The Windows Smart Card service (SCardSvr) is disabled, so Hongdun Workbench cannot read or write IC cards.%n%nAn administrator should set its start type back to the Windows default, Manual (as administrator: sc config SCardSvr start= demand), then plug the reader in again. Setup does not change system services itself.
english.SCardMissing=This computer has no Windows Smart Card service (SCardSvr), so Hongdun Workbench cannot read or write IC cards.%n%nAn administrator should check whether the Windows smart-card components were removed.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an upgrade replaces the whole bundle: files a previous version had and this one dropped would
; otherwise stay in _internal\ and could be imported instead of the new ones
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "hongdun.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
; the Start menu entry sits directly under Programs (one program, no folder of its own)
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; IconFilename: "{app}\hongdun.ico"; Comment: "{#AppName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; IconFilename: "{app}\hongdun.ico"; Comment: "{#AppName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// Windows has PC/SC built in (WinSCard.dll, the "Smart Card" service SCardSvr); pyscard talks to
// it, no driver package is needed. SCardSvr's default start type is Manual (demand): Windows
// starts it when a reader is plugged in, so "stopped" is normal. Only "disabled" (Start = 4,
// which some hardened images set) or a missing service stop the card functions. Setup reports
// that and changes nothing, like the Linux packages' "no maintainer script changes the system".
const
  SCardServiceKey = 'SYSTEM\CurrentControlSet\Services\SCardSvr';
  ServiceDisabled = 4;

function SmartCardProblem(): String;
var
  Start: Cardinal;
begin
  Result := '';
  if not RegQueryDWordValue(HKLM, SCardServiceKey, 'Start', Start) then
    Result := CustomMessage('SCardMissing')
  else if Start = ServiceDisabled then
    Result := CustomMessage('SCardDisabled');
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Problem: String;
begin
  if CurStep = ssPostInstall then
  begin
    Problem := SmartCardProblem();
    if Problem = '' then
      Log('Smart card service SCardSvr: present, not disabled')
    else
    begin
      Log('Smart card service SCardSvr: ' + Problem);
      // suppressible: a silent install (/VERYSILENT /SUPPRESSMSGBOXES) is not held up by it
      SuppressibleMsgBox(Problem, mbInformation, MB_OK, IDOK);
    end;
  end;
end;
