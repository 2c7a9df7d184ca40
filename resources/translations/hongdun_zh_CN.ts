<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AbnormalListScreen</name>
    <message>
        <source>Abnormal operation list</source>
        <translation>经营异常名录</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Confirm listing...</source>
        <translation>确认列入…</translation>
    </message>
    <message>
        <source>Decline...</source>
        <translation>不予列入…</translation>
    </message>
    <message>
        <source>Remove from the list...</source>
        <translation>移出名录…</translation>
    </message>
    <message>
        <source>Proposals to confirm</source>
        <translation>待确认</translation>
    </message>
    <message>
        <source>Listed</source>
        <translation>已列入</translation>
    </message>
    <message>
        <source>Proposals to confirm (%1)</source>
        <translation>待确认（%1）</translation>
    </message>
    <message>
        <source>Listed (%1)</source>
        <translation>已列入（%1）</translation>
    </message>
    <message>
        <source>Confirm listing</source>
        <translation>确认列入</translation>
    </message>
    <message>
        <source>List %1 on the abnormal operation list. Ground: %2.</source>
        <translation>将“%1”列入经营异常名录。列入事由：%2。</translation>
    </message>
    <message>
        <source>Reason for listing</source>
        <translation>列入事由</translation>
    </message>
    <message>
        <source>Listed on</source>
        <translation>列入日期</translation>
    </message>
    <message>
        <source>%1 has been listed.</source>
        <translation>“%1”已列入经营异常名录。</translation>
    </message>
    <message>
        <source>Decline listing</source>
        <translation>不予列入</translation>
    </message>
    <message>
        <source>Do not list %1; say why.</source>
        <translation>不将“%1”列入经营异常名录，请说明理由。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>不予列入</translation>
    </message>
    <message>
        <source>The proposal has been declined.</source>
        <translation>已决定不予列入。</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>移出经营异常名录</translation>
    </message>
    <message>
        <source>Remove %1 from the abnormal operation list (listed on %2).</source>
        <translation>将“%1”移出经营异常名录（列入日期%2）。</translation>
    </message>
    <message>
        <source>Reason for removal</source>
        <translation>移出事由</translation>
    </message>
    <message>
        <source>Removed on</source>
        <translation>移出日期</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移出</translation>
    </message>
    <message>
        <source>%1 has been removed from the list.</source>
        <translation>“%1”已移出经营异常名录。</translation>
    </message>
</context>
<context>
    <name>AcceptDialog</name>
    <message>
        <source>Accept the application</source>
        <translation>受理申请</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Accept: %1</source>
        <translation>受理：%1</translation>
    </message>
    <message>
        <source>Choose one or two mediators (at most %1).</source>
        <translation>请指定一至两名调解员（最多%1名）。</translation>
    </message>
    <message>
        <source>Mediators</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>办理意见</translation>
    </message>
    <message>
        <source>%1 (me)</source>
        <translation>%1（本人）</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>AddSignersDialog</name>
    <message>
        <source>Add signers</source>
        <translation>加签</translation>
    </message>
    <message>
        <source>Add signers · %1</source>
        <translation>加签 · %1</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>加签人</translation>
    </message>
    <message>
        <source>Optional: what they should look at</source>
        <translation>选填：请加签人关注的内容</translation>
    </message>
</context>
<context>
    <name>ApplicationDetailPane</name>
    <message>
        <source>Select an application to see it here.</source>
        <translation>请选择一件申请，在此查看详情。</translation>
    </message>
    <message>
        <source>Examine…</source>
        <translation>审查…</translation>
    </message>
    <message>
        <source>Flow…</source>
        <translation>查看流程…</translation>
    </message>
    <message>
        <source>Print certificate…</source>
        <translation>打印鉴证书…</translation>
    </message>
    <message>
        <source>Print refusal notice…</source>
        <translation>打印不予鉴证通知书…</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Materials (click one to view it)</source>
        <translation>申请材料（点击查看）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>材料类型</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Examination</source>
        <translation>审查情况</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Resident ID no.</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>委托代理人</translation>
    </message>
    <message>
        <source>Application no. %1</source>
        <translation>受理号 %1</translation>
    </message>
    <message>
        <source>Certificate %1 of %2</source>
        <translation>鉴证书编号 %1（%2出具）</translation>
    </message>
    <message>
        <source>No fixed term</source>
        <translation>未约定期限</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>标的</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>合同金额</translation>
    </message>
    <message>
        <source>%1 yuan (in words: %2)</source>
        <translation>%1元（大写：%2）</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>合同期限</translation>
    </message>
    <message>
        <source>Place of signing</source>
        <translation>签订地点</translation>
    </message>
    <message>
        <source>Place of performance</source>
        <translation>履行地点</translation>
    </message>
    <message>
        <source>Reasons for refusal</source>
        <translation>不予鉴证理由</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>审查结论</translation>
    </message>
    <message>
        <source>Not examined yet</source>
        <translation>尚未审查</translation>
    </message>
</context>
<context>
    <name>ApplicationDialog</name>
    <message>
        <source>New application for contract certification</source>
        <translation>新建合同鉴证申请</translation>
    </message>
    <message>
        <source>Discard the application typed so far?</source>
        <translation>放弃已填写但尚未提交的申请吗？</translation>
    </message>
</context>
<context>
    <name>ApplicationForm</name>
    <message>
        <source>Establishment registration</source>
        <extracomment>fields a clerk types into (the combo boxes always hold a choice) the applied outcome&apos;s result ({&quot;app_no&quot;: ..., &quot;subject_id&quot;: ...}) every outcome of a submission, accepted or refused (after the form has shown it) a name check&apos;s verdict is on screen the accepted application whose banner is on screen, and its number as shown</extracomment>
        <translation>设立登记</translation>
    </message>
    <message>
        <source>Change registration: %1</source>
        <translation>变更登记：%1</translation>
    </message>
    <message>
        <source>- choose the registering office -</source>
        <translation>— 请选择登记机关 —</translation>
    </message>
    <message>
        <source>Registering office</source>
        <translation>登记机关</translation>
    </message>
    <message>
        <source>Name is similar to an existing one: submit anyway</source>
        <translation>确认名称近似仍提交</translation>
    </message>
    <message>
        <source>10k yuan</source>
        <translation>万元</translation>
    </message>
    <message>
        <source>Long-term</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>（不填）</translation>
    </message>
    <message>
        <source>Application for contract certification</source>
        <extracomment>the applied outcome&apos;s result with the application&apos;s id ({&quot;application_id&quot;, &quot;application_no&quot;}) every outcome of a submission (None: the form&apos;s own checks stopped it), after it is shown the materials added: filename, content, and the row&apos;s kind and party choosers</extracomment>
        <translation>合同鉴证申请</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>What the contract is about: goods, works or services, quantity</source>
        <translation>合同标的：货物、工程或服务，以及数量</translation>
    </message>
    <message>
        <source>Fixed term</source>
        <translation>约定期限</translation>
    </message>
    <message>
        <source>Contract title</source>
        <translation>合同名称</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>标的</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>合同金额</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>合同期限</translation>
    </message>
    <message>
        <source>Place of signing</source>
        <translation>签订地点</translation>
    </message>
    <message>
        <source>Place of performance</source>
        <translation>履行地点</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>材料类型</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>PDF, PNG or JPEG; the contract text is required, and an authorisation for each party that sends an agent.</source>
        <translation>接受PDF、PNG或JPEG文件；合同文本必须提交，由委托代理人办理的当事人还须提交授权委托书。</translation>
    </message>
    <message>
        <source>Submit (Ctrl+Enter)</source>
        <translation>提交（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>In words: %1</source>
        <translation>大写：%1</translation>
    </message>
    <message>
        <source>Add materials</source>
        <translation>添加申请材料</translation>
    </message>
    <message>
        <source>PDF and images (*.pdf *.png *.jpg *.jpeg)</source>
        <translation>PDF及图片 (*.pdf *.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Could not read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>(both)</source>
        <translation>（双方）</translation>
    </message>
    <message>
        <source>An agent acts for %1: attach the written authorisation (授权委托书) under Materials.</source>
        <translation>%1由委托代理人办理：请在“申请材料”中附上书面授权委托书。</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待编号</translation>
    </message>
    <message>
        <source>Application received, no. %1. It now waits to be accepted.</source>
        <translation>申请已提交，受理号：%1，现等待受理。</translation>
    </message>
    <message>
        <source>Next application</source>
        <translation>继续录入下一件</translation>
    </message>
    <message>
        <source>The name check could not reach the database; it will be repeated on submission.</source>
        <translation>名称查重暂时无法连接数据库，提交时将再次检查。</translation>
    </message>
    <message>
        <source>Offline: the name was checked against this office&apos;s data only; the centre checks it again when the application is sent.</source>
        <translation>离线：名称已按本所数据检查，申请上传时中心将再次核对</translation>
    </message>
    <message>
        <source>The application was not saved: %1</source>
        <translation>申请未保存：%1</translation>
    </message>
    <message>
        <source>Choose the registering office.</source>
        <translation>请选择登记机关（工商所）。</translation>
    </message>
    <message>
        <source>Please correct the fields marked in red.</source>
        <translation>请按提示修改标红的栏目。</translation>
    </message>
    <message>
        <source>Refused.</source>
        <translation>申请未被受理。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Application accepted. Acceptance no.: %1</source>
        <translation>申请已受理，受理号：%1</translation>
    </message>
    <message>
        <source>Accept the next application</source>
        <translation>继续受理下一件</translation>
    </message>
    <message>
        <source>Change application accepted. Acceptance no.: %1</source>
        <translation>变更申请已受理，受理号：%1</translation>
    </message>
    <message>
        <source>The number could not be read again: %1</source>
        <translation>未能重新读取受理号：%1</translation>
    </message>
</context>
<context>
    <name>ApplicationQueueModel</name>
    <message>
        <source>Acceptance no.</source>
        <translation>受理号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Accepted by</source>
        <translation>受理人</translation>
    </message>
    <message>
        <source>Accepted at</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>工商所</translation>
    </message>
</context>
<context>
    <name>ApplicationsModel</name>
    <message>
        <source>Application no.</source>
        <translation>受理号</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同名称</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>合同金额（元）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Certificate no.</source>
        <translation>鉴证书编号</translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备管理</translation>
    </message>
</context>
<context>
    <name>CardAreas</name>
    <message>
        <source>IC card counter</source>
        <translation>制卡发卡</translation>
    </message>
    <message>
        <source>IC card statistics</source>
        <translation>IC卡统计</translation>
    </message>
</context>
<context>
    <name>CardCounterScreen</name>
    <message>
        <source>Credit code, name, pinyin initials, card no. or serial</source>
        <translation>统一社会信用代码、名称、拼音首字母、卡号或芯片序列号</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Card no.</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Chip serial</source>
        <translation>芯片序列号</translation>
    </message>
    <message>
        <source>Made on</source>
        <translation>制卡日期</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>IC卡</translation>
    </message>
    <message>
        <source>Without a card (may be made)</source>
        <translation>无卡企业（可制卡）</translation>
    </message>
    <message>
        <source>Read the card</source>
        <translation>读卡</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>当前选择</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Receipt…</source>
        <translation>收据…</translation>
    </message>
    <message>
        <source>Card service not running: %1</source>
        <translation>读卡服务未启动：%1</translation>
    </message>
    <message>
        <source>No card reader</source>
        <translation>未连接读卡器</translation>
    </message>
    <message>
        <source>Reader: %1</source>
        <translation>读卡器：%1</translation>
    </message>
    <message>
        <source>Cards (%1)</source>
        <translation>IC卡（%1）</translation>
    </message>
    <message>
        <source>Without a card (%1)</source>
        <translation>无卡企业（%1）</translation>
    </message>
    <message>
        <source>%1 (%2) has no card in use</source>
        <translation>%1（%2）尚无在用IC卡</translation>
    </message>
    <message>
        <source>%1 · card %2 · %3 · generation %4</source>
        <translation>%1 · 卡号 %2 · %3 · 第%4代卡</translation>
    </message>
    <message>
        <source>Put a card into the reader first</source>
        <translation>请先将卡插入读卡器</translation>
    </message>
    <message>
        <source>Not allowed for the selected card or enterprise</source>
        <translation>所选卡片或企业当前不能办理此项业务</translation>
    </message>
    <message>
        <source>%1: done. %2</source>
        <translation>%1：已办理。%2</translation>
    </message>
    <message>
        <source>%1 was not done: %2</source>
        <translation>%1未办理：%2</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
</context>
<context>
    <name>CardStatsScreen</name>
    <message>
        <source>Count</source>
        <extracomment>the actions drawn month by month (the others are rare and stay in the table)</extracomment>
        <translation>统计</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>自</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>IC卡</translation>
    </message>
    <message>
        <source>Fees in the period: %1 (%2 charged actions)</source>
        <translation>期间收费：%1（收费业务%2笔）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Cards by office and state</source>
        <translation>各单位IC卡数量（按状态）</translation>
    </message>
    <message>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
    <message>
        <source>Counter actions by month, %1 to %2</source>
        <translation>各月办理业务量（%1 至 %2）</translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <source>Case no.</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Respondent</source>
        <translation>被申请人</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同名称</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Accept by</source>
        <translation>受理期限</translation>
    </message>
</context>
<context>
    <name>CentrePage</name>
    <message>
        <source>The centre</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>The centre&apos;s addresses and the certificate authority this workstation trusts for it.</source>
        <translation>中心服务的地址，以及本机连接中心时信任的根证书。</translation>
    </message>
    <message>
        <source>Connect to the centre</source>
        <translation>连接中心服务</translation>
    </message>
    <message>
        <source>Demo mode (the built-in centre on this computer, demo data)</source>
        <translation>演示模式（本机内置中心，演示数据）</translation>
    </message>
    <message>
        <source>One per line (or separated by commas), tried in this order.</source>
        <translation>每行一个（或用逗号分隔），按顺序尝试。</translation>
    </message>
    <message>
        <source>Centre addresses</source>
        <translation>中心地址</translation>
    </message>
    <message>
        <source>Empty: the system&apos;s certificate authorities</source>
        <translation>留空：使用系统的根证书</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>根证书（PEM）</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>For trying the program without a centre: a centre inside the program, over a demo database on this computer. Nothing reaches the real centre.</source>
        <translation>用于在没有中心服务时试用：中心运行在程序内部，使用本机的演示数据库，不会连接真实的中心。</translation>
    </message>
    <message>
        <source>Please enter the centre&apos;s address</source>
        <translation>请填写中心地址</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Asking the centre…</source>
        <translation>正在询问中心服务…</translation>
    </message>
    <message>
        <source>The test failed: {error}</source>
        <translation>测试失败：{error}</translation>
    </message>
    <message>
        <source>{address}: the centre answers — version {version}, database connected (schema {schema})</source>
        <translation>{address}：中心服务正常——版本 {version}，数据库已连接（数据结构版本 {schema}）</translation>
    </message>
    <message>
        <source>; this workstation is version {version}</source>
        <translation>；本机版本 {version}</translation>
    </message>
    <message>
        <source>{address}: the centre answers but is not healthy ({status}): its database cannot be reached</source>
        <translation>{address}：中心服务有应答，但状态异常（{status}）：无法连接其数据库</translation>
    </message>
    <message>
        <source>the centre&apos;s certificate is not trusted: choose the CA certificate that issued it (or check the address&apos;s host name)</source>
        <translation>中心服务器的证书不受信任：请选择签发该证书的根证书（或检查地址中的主机名）</translation>
    </message>
    <message>
        <source>the secure connection failed (is this port an HTTPS service?)</source>
        <translation>安全连接失败（该端口是否为 HTTPS 服务？）</translation>
    </message>
    <message>
        <source>the host name is unknown (check the address, or this computer&apos;s DNS)</source>
        <translation>找不到该主机名（请检查地址或本机的 DNS 设置）</translation>
    </message>
    <message>
        <source>cannot connect (wrong address or port, the centre is not running, or a firewall blocks it)</source>
        <translation>无法连接（地址或端口不对、中心服务未启动，或被防火墙阻断）</translation>
    </message>
    <message>
        <source>no answer in time (the network or a firewall drops the connection)</source>
        <translation>连接超时（网络或防火墙丢弃了连接）</translation>
    </message>
    <message>
        <source>the centre answers but cannot serve now (its database is down or it is being maintained)</source>
        <translation>中心服务有应答，但暂时无法提供服务（数据库不可用或正在维护）</translation>
    </message>
    <message>
        <source>this address answers, but it is not a Hongdun centre</source>
        <translation>该地址有应答，但不是红盾中心服务</translation>
    </message>
    <message>
        <source>the CA certificate file cannot be used</source>
        <translation>根证书文件无法使用</translation>
    </message>
    <message>
        <source>cannot connect</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>{address}: {reason}</source>
        <translation>{address}：{reason}</translation>
    </message>
</context>
<context>
    <name>CertificationAreas</name>
    <message>
        <source>Contract certification</source>
        <translation>合同鉴证</translation>
    </message>
    <message>
        <source>Contract dispute mediation</source>
        <translation>合同争议调解</translation>
    </message>
    <message>
        <source>Certification statistics</source>
        <translation>鉴证统计</translation>
    </message>
</context>
<context>
    <name>CertificationScreen</name>
    <message>
        <source>Party name or credit code, application or certificate no.</source>
        <translation>当事人名称或统一社会信用代码、受理号或鉴证书编号</translation>
    </message>
    <message>
        <source>Certified between</source>
        <translation>鉴证日期</translation>
    </message>
    <message>
        <source>Amount from</source>
        <translation>金额下限</translation>
    </message>
    <message>
        <source>to (yuan)</source>
        <translation>金额上限（元）</translation>
    </message>
    <message>
        <source>The amount “%1” is not a number of yuan; it is left out of the search.</source>
        <translation>金额“%1”不是有效的数字（单位：元），查询时已忽略该条件。</translation>
    </message>
    <message>
        <source>%1 applications</source>
        <translation>共%1件申请</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Head&apos;s approval</source>
        <translation>所长审批</translation>
    </message>
    <message>
        <source>Bureau&apos;s approval</source>
        <translation>分局审批</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>已办理。</translation>
    </message>
    <message>
        <source>Application %1 received; it waits to be accepted.</source>
        <translation>申请已提交，受理号：%1，等待受理。</translation>
    </message>
    <message>
        <source>(number pending)</source>
        <translation>待编号</translation>
    </message>
    <message>
        <source>Certificate of contract certification</source>
        <translation>合同鉴证书</translation>
    </message>
    <message>
        <source>Notice of refusal</source>
        <translation>不予鉴证通知书</translation>
    </message>
</context>
<context>
    <name>CertificationStatsScreen</name>
    <message>
        <source>Count</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>工商所</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Certified</source>
        <translation>已鉴证</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>不予鉴证</translation>
    </message>
    <message>
        <source>Amount certified (yuan)</source>
        <translation>鉴证合同金额（元）</translation>
    </message>
    <message>
        <source>%1: %2 certified, %3 refused, %4 yuan certified</source>
        <translation>%1年：鉴证%2件，不予鉴证%3件，鉴证合同金额%4元</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
    <message>
        <source>Certifications by month, %1</source>
        <translation>%1年各月合同鉴证情况</translation>
    </message>
    <message>
        <source>Certification statistics %1</source>
        <translation>合同鉴证统计%1年</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到%1</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>未能导出：%1</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>Checklist item</source>
        <translation>检查事项</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>(not checked)</source>
        <translation>（未检查）</translation>
    </message>
</context>
<context>
    <name>ConcludeDialog</name>
    <message>
        <source>Conclude the mediation</source>
        <translation>调解结案</translation>
    </message>
    <message>
        <source>Conclude</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Conclude: %1</source>
        <translation>结案：%1</translation>
    </message>
    <message>
        <source>Settled: the parties reached an agreement</source>
        <translation>调解成功：双方当事人达成协议</translation>
    </message>
    <message>
        <source>Not settled: refer the parties</source>
        <translation>调解不成：告知当事人申请仲裁或起诉</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <source>The terms agreed, as the agreement will print them</source>
        <translation>双方达成的协议内容（按此打印在调解协议书上）</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>协议内容</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>告知当事人</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Resolve a synchronisation conflict</source>
        <translation>处理同步冲突</translation>
    </message>
    <message>
        <source>The centre refused this workstation&apos;s change: %1. Choose for each item this workstation&apos;s value, the centre&apos;s, or type a new one.</source>
        <translation>中心拒绝了本机的修改：%1。请逐项选择保留本机的值、中心的值，或输入新值。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>This workstation (mine)</source>
        <translation>本机（我的）</translation>
    </message>
    <message>
        <source>The centre (theirs)</source>
        <translation>中心（他人的）</translation>
    </message>
    <message>
        <source>Change to</source>
        <translation>修改为</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Resubmit with the choices</source>
        <translation>以所选内容重新提交</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Embedded centre (demo database)</source>
        <translation>内置中心（演示库）</translation>
    </message>
    <message>
        <source>Centre not configured</source>
        <translation>未配置中心</translation>
    </message>
    <message>
        <source>Centre {address}</source>
        <translation>中心 {address}</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>Cancel</source>
        <extracomment>(reason, date as YYYY-MM-DD) -&gt; the command that records the decision</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Do not agree</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>%1 · %2 yuan (%3) · %4</source>
        <translation>%1 · %2元（大写：%3） · %4</translation>
    </message>
    <message>
        <source>Opinion (required when not agreeing)</source>
        <translation>办理意见（不同意时必填）</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>办理意见</translation>
    </message>
</context>
<context>
    <name>DelegationDialog</name>
    <message>
        <source>Delegation</source>
        <translation>委托办理</translation>
    </message>
    <message>
        <source>Delegate my tasks</source>
        <translation>委托他人办理我的待办</translation>
    </message>
    <message>
        <source>While a delegation runs, the colleague sees your tasks in their list and may handle them in your name.</source>
        <translation>委托期间，受托人可在其待办中看到并代您办理您的事项。</translation>
    </message>
    <message>
        <source>Colleague</source>
        <translation>受托人</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>委托期限</translation>
    </message>
    <message>
        <source>e.g. on leave, training</source>
        <translation>例如：休假、外出培训</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>委托事由</translation>
    </message>
    <message>
        <source>Delegate</source>
        <translation>委托</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Delegations</source>
        <translation>委托记录</translation>
    </message>
    <message>
        <source>Delegator</source>
        <translation>委托人</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>End delegation</source>
        <translation>结束委托</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>DeviceModel</name>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>City bureau</source>
        <translation>市局</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Enrolled by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>最近同步</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Revoked {when}</source>
        <translation>已停用（{when}）</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>在用</translation>
    </message>
</context>
<context>
    <name>DevicesScreen</name>
    <message>
        <source>Devices</source>
        <translation>设备管理</translation>
    </message>
    <message>
        <source>Workstations enrol themselves at their first online sign-in. Revoke one that was lost or stolen: its queued work is not applied and it can no longer synchronise.</source>
        <translation>工作站在首次联网登录时自动登记。丢失或被盗的设备请予以停用：其待上传的工作将不被接受，且不能再同步。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Revoke device…</source>
        <translation>停用设备…</translation>
    </message>
    <message>
        <source>Revoke the device &quot;{label}&quot;? Its queued work will not be applied and it can no longer synchronise. This cannot be undone.</source>
        <translation>确定停用设备“{label}”吗？其待上传的工作将不被接受，且不能再同步。此操作不可撤销。</translation>
    </message>
    <message>
        <source>Revoke device</source>
        <translation>停用设备</translation>
    </message>
    <message>
        <source>The device was revoked.</source>
        <translation>设备已停用。</translation>
    </message>
</context>
<context>
    <name>DocumentAreas</name>
    <message>
        <source>Incoming documents</source>
        <extracomment>everyone who handles documents: 文书 register and distribute; every member of an office may be named 承办人 or draft one (DESIGN.md&apos;s roles hold no &quot;office staff&quot; role of their own)</extracomment>
        <translation>收文</translation>
    </message>
    <message>
        <source>Outgoing documents</source>
        <translation>发文</translation>
    </message>
    <message>
        <source>Document statistics</source>
        <translation>收发文统计</translation>
    </message>
</context>
<context>
    <name>DocumentPane</name>
    <message>
        <source>Revise draft…</source>
        <translation>修改文稿…</translation>
    </message>
    <message>
        <source>Supervise…</source>
        <translation>督办…</translation>
    </message>
    <message>
        <source>Flow…</source>
        <translation>查看流程…</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文件信息</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Attachments (click one to view it)</source>
        <translation>附件（单击查看）</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <source>Handling of the original</source>
        <translation>原件办理情况</translation>
    </message>
    <message>
        <source>Revisions</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>来源与分发</translation>
    </message>
    <message>
        <source>Select a document to see it here.</source>
        <translation>在上方选择一份文件，在此查看。</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>来文单位</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收文日期</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>发文单位</translation>
    </message>
    <message>
        <source>To</source>
        <translation>主送</translation>
    </message>
    <message>
        <source>Copy to</source>
        <translation>抄送</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签发</translation>
    </message>
    <message>
        <source>Not signed yet</source>
        <translation>尚未签发</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>用印</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>已用印</translation>
    </message>
    <message>
        <source>Not sealed yet</source>
        <translation>尚未用印</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Document type</source>
        <translation>文种</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Ordinary</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Related</source>
        <translation>关联事项</translation>
    </message>
    <message>
        <source>Registered by</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Drafted by</source>
        <translation>拟稿</translation>
    </message>
    <message>
        <source>Draft %1</source>
        <translation>第%1稿</translation>
    </message>
    <message>
        <source>Sent by %1 as %2 (%3)</source>
        <translation>由%1以%2发来（原件：%3）</translation>
    </message>
    <message>
        <source>proposed</source>
        <translation>已拟办</translation>
    </message>
    <message>
        <source>instructed</source>
        <translation>已批示</translation>
    </message>
    <message>
        <source>handled</source>
        <translation>已办理</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>已送审</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>已签发</translation>
    </message>
    <message>
        <source>numbered</source>
        <translation>已编号</translation>
    </message>
    <message>
        <source>sealed</source>
        <translation>已用印</translation>
    </message>
    <message>
        <source>distributed</source>
        <translation>已分发</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1（代%2）</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>期限%1</translation>
    </message>
    <message>
        <source>No steps yet</source>
        <translation>尚无办理记录</translation>
    </message>
</context>
<context>
    <name>DocumentScreen</name>
    <message>
        <source>Words of the title</source>
        <translation>标题关键词</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>来文单位</translation>
    </message>
    <message>
        <source>From</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅看超期</translation>
    </message>
    <message>
        <source>%1 documents, the newest %2 shown</source>
        <translation>共%1份文件，显示最新%2份</translation>
    </message>
    <message>
        <source>%1 documents</source>
        <translation>%1 份文件</translation>
    </message>
    <message>
        <source>Propose</source>
        <translation>拟办</translation>
    </message>
    <message>
        <source>Instruct</source>
        <translation>批示</translation>
    </message>
    <message>
        <source>Report handling</source>
        <translation>办理完毕</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation>送审</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>核稿</translation>
    </message>
    <message>
        <source>Countersign</source>
        <translation>会签</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签发</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>用印</translation>
    </message>
    <message>
        <source>Assign number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Distribute</source>
        <translation>分发</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>已办理。</translation>
    </message>
</context>
<context>
    <name>DocumentStatsScreen</name>
    <message>
        <source>Export to Excel</source>
        <extracomment>figures shown (after each count) a workbook or a report was written (its path)</extracomment>
        <translation>导出Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export to PDF</source>
        <translation>导出PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>未能导出：%1</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <source>Export to PDF…</source>
        <translation>导出PDF…</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>当前超期</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Document type / classification / urgency</source>
        <translation>文种 / 密级 / 紧急程度</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>办理件数</translation>
    </message>
    <message>
        <source>Average time</source>
        <translation>平均用时</translation>
    </message>
    <message>
        <source>P90 time</source>
        <translation>P90用时</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>超期办理</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>Handled after the deadline</source>
        <translation>超过期限才办理的件数</translation>
    </message>
    <message>
        <source>Open steps past their deadline</source>
        <translation>已超期仍未办理的件数</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>办理人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <source>Days late</source>
        <translation>超期天数</translation>
    </message>
    <message>
        <source>By unit</source>
        <translation>按单位</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>按月份</translation>
    </message>
    <message>
        <source>By document type, classification and urgency</source>
        <translation>按文种、密级和紧急程度</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>办理环节</translation>
    </message>
    <message>
        <source>The figures could not be counted: %1</source>
        <translation>统计失败：%1</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>收文</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>发文</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <source>%1, %2: %3 incoming, %4 outgoing, %5 finished; %6 overdue now</source>
        <translation>%1年&#x3000;%2：收文%3件，发文%4件，已办结%5件；当前超期%6件</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Document type</source>
        <translation>文种</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Overdue documents</source>
        <translation>超期文件</translation>
    </message>
    <message>
        <source>Double-click a document (or press Enter) to open it</source>
        <translation>双击（或按回车键）打开该公文</translation>
    </message>
    <message>
        <source>The %1 longest overdue of %2</source>
        <translation>共%2件超期，这里列出超期最久的%1件</translation>
    </message>
    <message>
        <source>Documents by month, %1</source>
        <translation>%1年各月收发文件数</translation>
    </message>
    <message>
        <source>Hours per step</source>
        <translation>各环节办理用时（小时）</translation>
    </message>
    <message>
        <source>Average (hours)</source>
        <translation>平均用时（小时）</translation>
    </message>
    <message>
        <source>P90 (hours)</source>
        <translation>P90用时（小时）</translation>
    </message>
    <message>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
    <message>
        <source>Document statistics %1 (%2)</source>
        <translation>%1年收发文统计（%2）</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到%1</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>来文单位</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>发文单位</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收文日期</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>办理期限</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Press Finish to save the settings and go on to the sign-in.</source>
        <translation>点击“完成”保存设置，然后进入登录窗口。</translation>
    </message>
    <message>
        <source>Field support can run this wizard again: start the program with --setup, or on the sign-in window: Connection settings… → Setup wizard….</source>
        <translation>现场支持人员可以再次运行本向导：以 --setup 参数启动程序，或在登录窗口点击“连接设置…”→“配置向导…”。</translation>
    </message>
</context>
<context>
    <name>DraftDialog</name>
    <message>
        <source>Revise the draft</source>
        <translation>修改文稿</translation>
    </message>
    <message>
        <source>Draft a document</source>
        <translation>拟稿</translation>
    </message>
    <message>
        <source>Save revision</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存文稿</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Document type</source>
        <translation>文种</translation>
    </message>
    <message>
        <source>Other recipients, separated by 、</source>
        <translation>系统外的主送机关，用“、”分隔</translation>
    </message>
    <message>
        <source>Other copy recipients, separated by 、</source>
        <translation>系统外的抄送机关，用“、”分隔</translation>
    </message>
    <message>
        <source>To / copy to</source>
        <translation>主送 / 抄送</translation>
    </message>
    <message>
        <source>One paragraph a line; headings as 一、 （一） 1. （1）</source>
        <translation>每段一行；标题按“一、”“（一）”“1.”“（1）”书写</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Names of the attachments, separated by 、</source>
        <translation>附件名称，用“、”分隔</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source> years</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>Classification, urgency</source>
        <translation>密级、紧急程度</translation>
    </message>
    <message>
        <source>Countersigned by</source>
        <translation>会签人</translation>
    </message>
    <message>
        <source>What was changed, and why</source>
        <translation>修改了什么，为什么</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>修改说明</translation>
    </message>
</context>
<context>
    <name>DrawnListModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>市场主体</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Inspectors</source>
        <translation>检查人员</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation>笔录编号</translation>
    </message>
</context>
<context>
    <name>EntityApplicationsModel</name>
    <message>
        <source>Acceptance no.</source>
        <translation>受理号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>办理人</translation>
    </message>
</context>
<context>
    <name>EntityDetailWidget</name>
    <message>
        <source>Entity</source>
        <extracomment>the items in the order a licence and the form list them the clerk wants a change application for this entity (a ChangeBase) the entity&apos;s name changed (after an approved change): the tab follows</extracomment>
        <translation>主体</translation>
    </message>
    <message>
        <source>Change registration...</source>
        <translation>变更登记…</translation>
    </message>
    <message>
        <source>Deregistration...</source>
        <translation>注销登记…</translation>
    </message>
    <message>
        <source>Revoke licence...</source>
        <translation>吊销营业执照…</translation>
    </message>
    <message>
        <source>Print licence...</source>
        <translation>打印营业执照…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>申请记录</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>The entity could not be read: %1</source>
        <translation>无法读取该主体：%1</translation>
    </message>
    <message>
        <source>Showing what was loaded before.</source>
        <translation>下面显示的是此前读取的内容。</translation>
    </message>
    <message>
        <source>This entity is not in your jurisdiction or no longer exists.</source>
        <translation>该主体不在您的管辖范围内或已不存在。</translation>
    </message>
    <message>
        <source>Unified social credit code: %1</source>
        <translation>统一社会信用代码：%1</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Registration state: %1</source>
        <translation>登记状态：%1</translation>
    </message>
    <message>
        <source>Established</source>
        <translation>成立日期</translation>
    </message>
    <message>
        <source>Registration authority</source>
        <translation>登记机关</translation>
    </message>
    <message>
        <source>Application %1 is still open; it must be decided first.</source>
        <translation>该主体有未办结的申请（受理号%1），请办结后再申请</translation>
    </message>
    <message>
        <source>The entity has no credit code yet.</source>
        <translation>该主体尚无统一社会信用代码。</translation>
    </message>
    <message>
        <source>Deregistration</source>
        <translation>注销登记</translation>
    </message>
    <message>
        <source>Reason for deregistration</source>
        <translation>注销原因</translation>
    </message>
    <message>
        <source>Accept application</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>e.g. the shareholders resolved to dissolve the company</source>
        <translation>例如：股东会决议解散</translation>
    </message>
    <message>
        <source>Deregistration application accepted. Acceptance no.: %1</source>
        <translation>注销登记申请已受理，受理号：%1</translation>
    </message>
    <message>
        <source>Revoke business licence</source>
        <translation>吊销营业执照</translation>
    </message>
    <message>
        <source>Revocation reason</source>
        <translation>吊销理由</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>The business licence has been revoked.</source>
        <translation>营业执照已吊销。</translation>
    </message>
</context>
<context>
    <name>EntityEventsModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事项</translation>
    </message>
</context>
<context>
    <name>EntityListModel</name>
    <message>
        <source>Unified social credit code</source>
        <extracomment>what a row shows until its page has come the EntityRow behind a row, and its id, for opening the detail the columns the register can order by in SQL, and the query&apos;s name for that order makes the query for (sort name, descending) the exact number of rows is known (a new search, a new sort, a refresh) loading, counting or failing began or ended: the status line reads them again the database failed while counting or paging (a message for the status line) pages of the previous generation, shown while the refreshed ones are on their way</extracomment>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Legal rep. / operator</source>
        <translation>法定代表人/经营者</translation>
    </message>
    <message>
        <source>State</source>
        <translation>登记状态</translation>
    </message>
    <message>
        <source>Registration authority</source>
        <translation>登记机关</translation>
    </message>
    <message>
        <source>Established</source>
        <translation>成立日期</translation>
    </message>
    <message>
        <source>Capital (10k yuan)</source>
        <translation>注册资本(万元)</translation>
    </message>
    <message>
        <source>The register could not be read: %1</source>
        <translation>无法读取登记库：%1</translation>
    </message>
</context>
<context>
    <name>ExamineDialog</name>
    <message>
        <source>Examine the contract</source>
        <translation>合同审查</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 yuan (%4)</source>
        <translation>%1 · %2 · %3元（大写：%4）</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>审查要点</translation>
    </message>
    <message>
        <source>All conform</source>
        <translation>全部符合</translation>
    </message>
    <message>
        <source>The examination opinion; when refusing, the reasons (given to the parties in the refusal notice)</source>
        <translation>审查意见；不予鉴证的，写明理由（将载入不予鉴证通知书告知当事人）</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>审查意见</translation>
    </message>
    <message>
        <source>Certify</source>
        <translation>同意鉴证</translation>
    </message>
    <message>
        <source>Refuse certification</source>
        <translation>不予鉴证</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>说明（选填）</translation>
    </message>
    <message>
        <source>Why it does not conform</source>
        <translation>不符合的原因</translation>
    </message>
</context>
<context>
    <name>FieldCheck</name>
    <message>
        <source>Please fill in {field}</source>
        <extracomment>CJK Unified Ideographs incl. Extension A and B–F (personal names use rare characters)</extracomment>
        <translation>请填写{field}</translation>
    </message>
    <message>
        <source>{field} must not exceed {n} characters</source>
        <translation>{field}不得超过{n}个字</translation>
    </message>
    <message>
        <source>{field} may only contain Chinese characters</source>
        <translation>{field}只能包含汉字</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Hongdun Workbench — Setup</source>
        <translation>红盾工作台——配置向导</translation>
    </message>
    <message>
        <source>Centre</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>根证书</translation>
    </message>
    <message>
        <source>the system&apos;s certificate authorities</source>
        <translation>系统的根证书</translation>
    </message>
    <message>
        <source>{unit} (device {device})</source>
        <translation>{unit}（设备 {device}）</translation>
    </message>
    <message>
        <source>not yet: at the first online sign-in</source>
        <translation>尚未登记：首次联网登录时自动登记</translation>
    </message>
    <message>
        <source>This workstation</source>
        <translation>本机登记</translation>
    </message>
    <message>
        <source>demo mode: the built-in centre with demo data</source>
        <translation>演示模式：本机内置中心，演示数据</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>Original (A3)</source>
        <translation>正本（A3）</translation>
    </message>
    <message>
        <source>Duplicate (A4)</source>
        <translation>副本（A4）</translation>
    </message>
    <message>
        <source>horizontal {x} mm, vertical {y} mm</source>
        <translation>水平 {x} mm，垂直 {y} mm</translation>
    </message>
    <message>
        <source> (no calibration page printed)</source>
        <translation>（未打印校准页）</translation>
    </message>
    <message>
        <source>Offset of the {copy}</source>
        <translation>{copy}套打偏移</translation>
    </message>
    <message>
        <source>The settings could not be saved: {error}</source>
        <translation>设置无法保存：{error}</translation>
    </message>
</context>
<context>
    <name>FlowAdminScreen</name>
    <message>
        <source>Flows</source>
        <extracomment>the list on screen is the one just read the Outcome of a publication (applied or refused), after the screen has shown it</extracomment>
        <translation>流程管理</translation>
    </message>
    <message>
        <source>A published version applies to cases started from then on; running cases keep the version they started with.</source>
        <translation>发布的新版本只用于此后发起的事项；在办事项仍按其发起时的版本办理。</translation>
    </message>
    <message>
        <source>New flow</source>
        <translation>新建流程</translation>
    </message>
    <message>
        <source>The flows could not be read: %1</source>
        <translation>流程读取失败：%1</translation>
    </message>
    <message>
        <source>%1 flows</source>
        <translation>共%1个流程</translation>
    </message>
    <message>
        <source>The flow being edited has changes that are not published. Discard them?</source>
        <translation>正在编辑的流程有未发布的修改，是否放弃？</translation>
    </message>
    <message>
        <source>Not published: %1</source>
        <translation>未发布：%1</translation>
    </message>
    <message>
        <source>Published version %1 of %2.</source>
        <translation>已发布“%2”第%1版。</translation>
    </message>
</context>
<context>
    <name>FlowAreas</name>
    <message>
        <source>To-do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>流程管理</translation>
    </message>
    <message>
        <source>Flow statistics</source>
        <translation>流程统计</translation>
    </message>
</context>
<context>
    <name>FlowCommandDialog</name>
    <message>
        <source>Cancel</source>
        <extracomment>the Outcome of a command that applied, or that met a newer version (a conflict)</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>Opinion (required)</source>
        <translation>办理意见（必填）</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>办理意见</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未能提交：%1</translation>
    </message>
</context>
<context>
    <name>FlowEditor</name>
    <message>
        <source>Add:</source>
        <extracomment>where a new node&apos;s key is counted from: n1, n2, ... named users are typed as a list: commas (either width), semicolons or spaces between them the flow as JSON (FlowDefinition.to_json), when 发布 found no problem any change to the flow (a property, a node or edge added, moved or deleted)</extracomment>
        <translation>添加：</translation>
    </message>
    <message>
        <source>Add a node: %1</source>
        <translation>添加节点：%1</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连线</translation>
    </message>
    <message>
        <source>Connect mode: click the source node, then the target (Esc leaves it). Or drag from a node&apos;s blue handle.</source>
        <translation>连线模式：先点击起点节点，再点击终点节点（按Esc退出）。也可从节点的蓝色手柄拖出连线。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected nodes and edges (Delete)</source>
        <translation>删除选中的节点和连线（Delete）</translation>
    </message>
    <message>
        <source>Fit to view</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Show the whole flow (Ctrl+0)</source>
        <translation>显示整个流程（Ctrl+0）</translation>
    </message>
    <message>
        <source>Select a node or an edge to edit it.</source>
        <translation>选择一个节点或连线以编辑其属性。</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>List what keeps the flow from being published</source>
        <translation>列出流程发布前需要解决的问题</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Publish the flow as a new version (it is checked first)</source>
        <translation>将流程发布为新版本（发布前先校验）</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>What an area starts an instance of; the same for every version</source>
        <translation>业务发起流程时使用的标识，各版本相同</translation>
    </message>
    <message>
        <source> working day(s)</source>
        <translation>个工作日</translation>
    </message>
    <message>
        <source>An overdue task goes to the unit head after this many overdue working days</source>
        <translation>任务超期达到此工作日数后提交单位负责人督办</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Escalate after</source>
        <translation>督办期限</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>By role</source>
        <translation>按角色</translation>
    </message>
    <message>
        <source>Named users</source>
        <translation>指定人员</translation>
    </message>
    <message>
        <source>(choose a role)</source>
        <translation>（选择角色）</translation>
    </message>
    <message>
        <source>user ids or usernames, separated by commas</source>
        <translation>用户标识或用户名，以逗号分隔</translation>
    </message>
    <message>
        <source>At least this share of the assignees must approve</source>
        <translation>办理人中至少此比例同意方可通过</translation>
    </message>
    <message>
        <source>No deadline</source>
        <translation>不限时</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Assignees</source>
        <translation>办理人</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>审批方式</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>通过比例</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Edge</source>
        <translation>连线</translation>
    </message>
    <message>
        <source>Only the edges leaving a condition node carry a condition; leave it empty on the default edge</source>
        <translation>只有条件节点引出的连线才带条件；默认连线不填条件</translation>
    </message>
    <message>
        <source>e.g. large contract</source>
        <translation>例如：大额合同</translation>
    </message>
    <message>
        <source>From / to</source>
        <translation>起止</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Press Check to list what keeps the flow from being published.</source>
        <translation>点击“校验”列出流程发布前需要解决的问题。</translation>
    </message>
    <message>
        <source>There is no such node.</source>
        <translation>没有这个节点。</translation>
    </message>
    <message>
        <source>A node cannot be connected to itself.</source>
        <translation>节点不能连接到自身。</translation>
    </message>
    <message>
        <source>These two nodes are already connected.</source>
        <translation>这两个节点已经连接。</translation>
    </message>
    <message>
        <source>No edge may leave an end node.</source>
        <translation>结束节点不能引出连线。</translation>
    </message>
    <message>
        <source>No edge may enter the start node.</source>
        <translation>开始节点不能有进入的连线。</translation>
    </message>
    <message>
        <source>Click the source node, then the target node. Esc leaves connect mode.</source>
        <translation>先点击起点节点，再点击终点节点。按Esc退出连线模式。</translation>
    </message>
    <message numerus="yes">
        <source>%n items selected: Delete removes them.</source>
        <translation>
            <numerusform>已选中%n项：按Delete删除。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · key %2</source>
        <translation>%1 · 标识 %2</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Only the edges leaving a condition node carry a condition.</source>
        <translation>只有条件节点引出的连线才带条件。</translation>
    </message>
    <message>
        <source>Fields: %1. Leave the condition empty on the default edge.</source>
        <translation>可用字段：%1。默认连线不填条件。</translation>
    </message>
    <message>
        <source>Leave the condition empty on the default edge.</source>
        <translation>默认连线不填条件。</translation>
    </message>
    <message>
        <source>The flow can be published.</source>
        <translation>流程可以发布</translation>
    </message>
    <message numerus="yes">
        <source>Not published: %n problem(s) to fix first (listed on the right).</source>
        <translation>
            <numerusform>未发布：有%n个问题需先解决（见右侧）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent for publication.</source>
        <translation>已提交发布。</translation>
    </message>
    <message>
        <source>Export flow</source>
        <translation>导出流程</translation>
    </message>
    <message>
        <source>Flow files (*.json)</source>
        <translation>流程文件 (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入%1：%2</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到%1</translation>
    </message>
    <message>
        <source>Import flow</source>
        <translation>导入流程</translation>
    </message>
    <message>
        <source>Flow files (*.json);;All files (*)</source>
        <translation>流程文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取%1：%2</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>已导入%1</translation>
    </message>
</context>
<context>
    <name>FlowHistory</name>
    <message>
        <source>Steps</source>
        <translation>办理过程</translation>
    </message>
</context>
<context>
    <name>FlowListModel</name>
    <message>
        <source>Key</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>发布时间</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>内置</translation>
    </message>
</context>
<context>
    <name>FlowScene</name>
    <message>
        <source>%n working day(s)</source>
        <extracomment>the editor&apos;s grid: dragged nodes land on it what NodeItem.state holds</extracomment>
        <translation>%n个工作日</translation>
    </message>
    <message>
        <source>No assignee set</source>
        <translation>未设办理人</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>结果：%1</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Otherwise</source>
        <translation>其他情况</translation>
    </message>
</context>
<context>
    <name>FlowStatsScreen</name>
    <message>
        <source>Count</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>自</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>发起</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Average time</source>
        <translation>平均用时</translation>
    </message>
    <message>
        <source>P90 time</source>
        <translation>P90用时</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>超期办理</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>当前超期</translation>
    </message>
    <message>
        <source>Handled after the deadline</source>
        <translation>超过期限才办理的件数</translation>
    </message>
    <message>
        <source>Open tasks past their deadline</source>
        <translation>已超期仍未办理的件数</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>统计期间的结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>The figures could not be counted: %1</source>
        <translation>统计失败：%1</translation>
    </message>
    <message>
        <source>No case in this period</source>
        <translation>本期间没有事项</translation>
    </message>
    <message>
        <source>Hours per node</source>
        <translation>各环节用时（小时）</translation>
    </message>
    <message>
        <source>Nodes of %1</source>
        <translation>%1 · 各环节</translation>
    </message>
    <message>
        <source>%1: hours per node</source>
        <translation>%1：各环节用时（小时）</translation>
    </message>
    <message>
        <source>Average (hours)</source>
        <translation>平均用时（小时）</translation>
    </message>
    <message>
        <source>P90 (hours)</source>
        <translation>P90用时（小时）</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <source>Flow statistics %1 to %2</source>
        <translation>流程统计%1至%2</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <extracomment>figures shown (after each count) a workbook was written (its path)</extracomment>
        <translation>导出Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到%1</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>未能导出：%1</translation>
    </message>
</context>
<context>
    <name>FlowStepsDialog</name>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>The flow is not in your jurisdiction.</source>
        <translation>该流程不在您的管辖范围内。</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1 (10k yuan)</source>
        <translation>%1万元</translation>
    </message>
    <message>
        <source>Long-term</source>
        <translation>长期</translation>
    </message>
    <message>
        <source> (abnormal list)</source>
        <translation>（异常）</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Good morning</source>
        <translation>上午好</translation>
    </message>
    <message>
        <source>Good noon</source>
        <translation>中午好</translation>
    </message>
    <message>
        <source>Good afternoon</source>
        <translation>下午好</translation>
    </message>
    <message>
        <source>Good evening</source>
        <translation>晚上好</translation>
    </message>
    <message>
        <source>{greeting}, {name}</source>
        <translation>{greeting}，{name}</translation>
    </message>
    <message>
        <source>dddd, MMMM d, yyyy</source>
        <translation>yyyy年M月d日 dddd</translation>
    </message>
    <message>
        <source>Business areas</source>
        <translation>业务功能</translation>
    </message>
    <message>
        <source>Account and workstation</source>
        <translation>账号与本机</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Centre</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Idle lock</source>
        <translation>自动锁定</translation>
    </message>
    <message>
        <source>after {n} minutes without input</source>
        <translation>无操作 {n} 分钟后锁定</translation>
    </message>
    <message>
        <source>off</source>
        <translation>不锁定</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>常用快捷键</translation>
    </message>
    <message>
        <source>next / previous field</source>
        <translation>下一栏 / 上一栏</translation>
    </message>
    <message>
        <source>confirm, sign in</source>
        <translation>确认、登录</translation>
    </message>
    <message>
        <source>lock the workbench</source>
        <translation>锁定工作台</translation>
    </message>
    <message>
        <source>exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>More business areas will appear here as they are installed.</source>
        <translation>其他业务功能安装后将显示在这里。</translation>
    </message>
</context>
<context>
    <name>IncomingScreen</name>
    <message>
        <source>Register a document…</source>
        <translation>登记收文…</translation>
    </message>
    <message>
        <source>Print processing sheet…</source>
        <translation>打印处理单…</translation>
    </message>
    <message>
        <source>Registered; it waits for the proposal (拟办).</source>
        <translation>已登记，等待拟办。</translation>
    </message>
    <message>
        <source>Processing sheet</source>
        <translation>收文处理单</translation>
    </message>
</context>
<context>
    <name>InspectionAreas</name>
    <message>
        <source>My inspections</source>
        <translation>我的检查任务</translation>
    </message>
    <message>
        <source>Inspection plans</source>
        <translation>抽查计划</translation>
    </message>
    <message>
        <source>Abnormal list</source>
        <translation>经营异常名录</translation>
    </message>
</context>
<context>
    <name>Inspections</name>
    <message>
        <source>Pending</source>
        <translation>待分配</translation>
    </message>
</context>
<context>
    <name>InstanceDialog</name>
    <message>
        <source>Flow instance</source>
        <extracomment>the Outcome of a step taken here that applied (the opener&apos;s list reloads by the change tag anyway; area screens use this to go on with the case) the instance on screen is the one just read</extracomment>
        <translation>流程办理</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Withdraw…</source>
        <translation>撤回…</translation>
    </message>
    <message>
        <source>Add signers…</source>
        <translation>加签…</translation>
    </message>
    <message>
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <source>Disagree…</source>
        <translation>不同意…</translation>
    </message>
    <message>
        <source>Agree…</source>
        <translation>同意…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Take back your approval while nobody after you has acted</source>
        <translation>在下一环节办理之前，收回您的同意意见</translation>
    </message>
    <message>
        <source>Ask colleagues to decide this node with you</source>
        <translation>请同事与您共同办理本环节</translation>
    </message>
    <message>
        <source>Send the case back to a node it passed, with the reason</source>
        <translation>退回到已办理过的环节，并说明理由</translation>
    </message>
    <message>
        <source>The case could not be read: %1</source>
        <translation>事项读取失败：%1</translation>
    </message>
    <message>
        <source>Case not found</source>
        <translation>找不到该事项</translation>
    </message>
    <message>
        <source>It does not exist, or it is outside your jurisdiction.</source>
        <translation>该事项不存在，或不在您的管辖范围内。</translation>
    </message>
    <message>
        <source>%1 · version %2 · %3 steps</source>
        <translation>%1 · 第%2版 · 共%3步</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>已办结：%1</translation>
    </message>
    <message>
        <source>Your task: %1</source>
        <translation>您的待办：%1</translation>
    </message>
    <message>
        <source> (deadline %1)</source>
        <translation>（期限%1）</translation>
    </message>
    <message>
        <source> — decide it on the case&apos;s own screen</source>
        <translation>（请到该事项所属的业务界面办理）</translation>
    </message>
    <message>
        <source>You approved your node; you may withdraw until the next one acts.</source>
        <translation>您已同意，在下一环节办理之前可以撤回。</translation>
    </message>
    <message>
        <source>Nothing for you to do on this case.</source>
        <translation>该事项没有需要您办理的环节。</translation>
    </message>
    <message>
        <source>This item has already been handled by someone else; the case is shown as it stands now.</source>
        <translation>该事项已由他人处理，现显示其最新状态。</translation>
    </message>
    <message>
        <source>Agreed. The case moves on to the next node.</source>
        <translation>已同意，事项转入下一环节。</translation>
    </message>
    <message>
        <source>Disagreed. Your opinion is recorded.</source>
        <translation>已提出不同意意见。</translation>
    </message>
    <message>
        <source>Withdrawn. The task is yours again.</source>
        <translation>已撤回，事项回到您的待办。</translation>
    </message>
    <message>
        <source>Returned. The node it was sent back to has the case again.</source>
        <translation>已退回，由被退回环节重新办理。</translation>
    </message>
    <message>
        <source>Signers added. The node waits for them as well.</source>
        <translation>已加签，本环节待加签人一并办理。</translation>
    </message>
    <message>
        <source>The flow has ended: %1.</source>
        <translation>流程已办结：%1。</translation>
    </message>
</context>
<context>
    <name>InstructDialog</name>
    <message>
        <source>Instruct</source>
        <translation>批示</translation>
    </message>
    <message>
        <source>Proposal by %1: %2</source>
        <translation>%1拟办：%2</translation>
    </message>
    <message>
        <source>The instruction (批示)</source>
        <translation>批示意见</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>批示意见</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Nobody chosen: the document is read and done (阅知).</source>
        <translation>未选承办人：阅知，文件即办结。</translation>
    </message>
    <message>
        <source>%1 handle it in parallel; it is done when every one has reported.</source>
        <translation>由%1同时承办，全部办理完毕后办结。</translation>
    </message>
</context>
<context>
    <name>LedgerScreen</name>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>New application…</source>
        <translation>新建申请…</translation>
    </message>
</context>
<context>
    <name>LicenceDialog</name>
    <message>
        <source>Print business licence</source>
        <extracomment>the preview shows the PDF of the copy and mode now chosen (pdf_bytes are those) a print or save was recorded (the outcome), or could not be</extracomment>
        <translation>打印营业执照</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>执照联次</translation>
    </message>
    <message>
        <source>Original (A3)</source>
        <translation>正本（A3）</translation>
    </message>
    <message>
        <source>Duplicate (A4)</source>
        <translation>副本（A4）</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>打印方式</translation>
    </message>
    <message>
        <source>Full print (blank paper)</source>
        <translation>完整打印（空白纸）</translation>
    </message>
    <message>
        <source>Pre-printed paper</source>
        <translation>套打（预印纸）</translation>
    </message>
    <message>
        <source>Print...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF...</source>
        <translation>另存为PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Printer offset: x %1 mm, y %2 mm (set in Settings)</source>
        <translation>打印机偏移：水平 %1 毫米，垂直 %2 毫米（在“设置”中校准）</translation>
    </message>
    <message>
        <source>Preparing the licence…</source>
        <translation>正在生成营业执照…</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>无法保存文件：%1</translation>
    </message>
    <message>
        <source>original</source>
        <translation>正本</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>Business licence</source>
        <translation>营业执照</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Recording in the entity&apos;s history…</source>
        <translation>正在记入主体历史…</translation>
    </message>
    <message>
        <source>Done; recorded in the entity&apos;s history.</source>
        <translation>已完成，并已记入该主体的历史记录。</translation>
    </message>
    <message>
        <source>Printed, but not recorded in the entity&apos;s history: %1</source>
        <translation>已输出，但未能记入主体历史：%1</translation>
    </message>
</context>
<context>
    <name>ListingModel</name>
    <message>
        <source>Entity</source>
        <translation>市场主体</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Ground</source>
        <translation>列入事由</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>提请人</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>提请时间</translation>
    </message>
    <message>
        <source>Listed on</source>
        <translation>列入日期</translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation>笔录编号</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Workstation locked</source>
        <translation>工作台已锁定</translation>
    </message>
    <message>
        <source>Locked after a period of inactivity. Your work is kept.
Enter the password of {name} to continue.</source>
        <translation>长时间无操作，工作台已自动锁定，未完成的工作均已保留。
请输入 {name} 的密码解锁。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Sign out instead</source>
        <translation>注销并切换用户</translation>
    </message>
    <message>
        <source>Please enter your password</source>
        <translation>请输入密码</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <source>Cannot reach the centre: {error}</source>
        <translation>无法连接中心服务：{error}</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>Hongdun Workbench — Sign in</source>
        <extracomment>(link, username, password) -&gt; sync.signin.SignIn (ok, principal, message, workstation)</extracomment>
        <translation>红盾工作台 — 登录</translation>
    </message>
    <message>
        <source>Hongdun Workbench</source>
        <translation>红盾工作台</translation>
    </message>
    <message>
        <source>District office business system</source>
        <translation>工商所综合业务系统</translation>
    </message>
    <message>
        <source>Guangzhou Administration for Market Regulation</source>
        <translation>广州市市场监督管理局</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign in with your work account</source>
        <translation>请使用工作账号登录</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Connection settings…</source>
        <translation>连接设置…</translation>
    </message>
    <message>
        <source>Demo accounts: {names}; password: {password}</source>
        <translation>演示账号：{names}；密码：{password}</translation>
    </message>
    <message>
        <source>Please enter your user name and password</source>
        <translation>请输入用户名和密码</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Cannot reach the centre: {error}</source>
        <translation>无法连接中心服务：{error}</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Hongdun Workbench</source>
        <translation>红盾工作台</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Hongdun Workbench</source>
        <translation>关于红盾工作台(&amp;A)</translation>
    </message>
    <message>
        <source>The centre&apos;s address and the language take effect the next time the workbench starts.</source>
        <translation>中心服务地址和界面语言在下次启动工作台时生效。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Hongdun Workbench {version}&lt;/h3&gt;&lt;p&gt;For the district offices of the Guangzhou Administration for Market Regulation.&lt;/p&gt;&lt;p&gt;Business areas: {areas}&lt;/p&gt;&lt;p&gt;Centre: {database}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;红盾工作台 {version}&lt;/h3&gt;&lt;p&gt;广州市市场监督管理局各工商所业务系统。&lt;/p&gt;&lt;p&gt;业务领域：{areas}&lt;/p&gt;&lt;p&gt;中心：{database}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Hongdun Workbench</source>
        <translation>关于红盾工作台</translation>
    </message>
    <message>
        <source>Unsaved work in: {areas}. Discard it?</source>
        <translation>以下业务有尚未保存的内容：{areas}。确定放弃吗？</translation>
    </message>
    <message>
        <source>No business area is available to your roles.
Ask the system administrator to assign you a role.</source>
        <translation>您的角色暂无可用的业务功能。
请联系系统管理员分配角色。</translation>
    </message>
</context>
<context>
    <name>MaterialPreview</name>
    <message>
        <source>Select a material to see it here.</source>
        <extracomment>pages of a PDF drawn (a contract&apos;s first pages identify it; the rest is for the original) the width pages are drawn at before being scaled to the pane (sharp on a 2x screen)</extracomment>
        <translation>请选择一份材料，在此预览。</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在读取%1…</translation>
    </message>
    <message>
        <source>The first %1 of %2 pages are shown.</source>
        <translation>共%2页，此处显示前%1页。</translation>
    </message>
    <message>
        <source>This file cannot be shown (it is not a readable PDF, PNG or JPEG).</source>
        <translation>无法显示此文件（不是可读取的PDF、PNG或JPEG文件）。</translation>
    </message>
    <message>
        <source>The content does not match the SHA-256 recorded with the application.</source>
        <translation>文件内容与申请时记录的SHA-256摘要不符。</translation>
    </message>
</context>
<context>
    <name>MediationApplicationDialog</name>
    <message>
        <source>New application for mediation</source>
        <translation>新建调解申请</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Application for mediation of a contract dispute</source>
        <translation>合同争议调解申请</translation>
    </message>
    <message>
        <source>What the parties disagree about, and what the applicant asks for</source>
        <translation>双方争议的事项，以及申请人的请求</translation>
    </message>
    <message>
        <source>yuan, optional</source>
        <translation>单位：元，选填</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Respondent</source>
        <translation>被申请人</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同名称</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>争议事项</translation>
    </message>
    <message>
        <source>Amount in dispute (yuan)</source>
        <translation>争议金额（元）</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
</context>
<context>
    <name>MediationDetailPane</name>
    <message>
        <source>Select a case to see it here.</source>
        <translation>请选择一件案件，在此查看详情。</translation>
    </message>
    <message>
        <source>Accept…</source>
        <translation>受理…</translation>
    </message>
    <message>
        <source>Refuse…</source>
        <translation>不予受理…</translation>
    </message>
    <message>
        <source>Record session…</source>
        <translation>记录调解笔录…</translation>
    </message>
    <message>
        <source>Conclude…</source>
        <translation>结案…</translation>
    </message>
    <message>
        <source>Flow…</source>
        <translation>查看流程…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件信息</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>调解笔录</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <source>Accept by %1</source>
        <translation>受理期限：%1</translation>
    </message>
    <message>
        <source>Case no. %1</source>
        <translation>案号 %1</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Respondent</source>
        <translation>被申请人</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同名称</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>争议事项</translation>
    </message>
    <message>
        <source>Amount in dispute</source>
        <translation>争议金额</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1元</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Mediators</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>recorded by %1</source>
        <translation>记录人：%1</translation>
    </message>
    <message>
        <source>No session recorded yet.</source>
        <translation>尚无调解记录。</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>协议内容</translation>
    </message>
    <message>
        <source>Not settled; the parties are told to</source>
        <translation>调解不成，告知当事人</translation>
    </message>
    <message>
        <source>Concluded on</source>
        <translation>结案日期</translation>
    </message>
</context>
<context>
    <name>MediationScreen</name>
    <message>
        <source>Applicant, respondent, case no. or contract</source>
        <translation>申请人、被申请人、案号或合同名称</translation>
    </message>
    <message>
        <source>%1 cases</source>
        <translation>共%1件</translation>
    </message>
    <message>
        <source>Print agreement…</source>
        <translation>打印调解协议书…</translation>
    </message>
    <message>
        <source>Print termination notice…</source>
        <translation>打印调解终结书…</translation>
    </message>
    <message>
        <source>Print refusal notice…</source>
        <translation>打印不予受理通知书…</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>已办理。</translation>
    </message>
    <message>
        <source>Application received, case no. %1.</source>
        <translation>调解申请已收到，案号：%1。</translation>
    </message>
    <message>
        <source>Mediation agreement</source>
        <translation>调解协议书</translation>
    </message>
    <message>
        <source>Notice of terminated mediation</source>
        <translation>调解终结书</translation>
    </message>
    <message>
        <source>Notice of refusal to accept</source>
        <translation>不予受理通知书</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Hongdun Workbench</source>
        <translation>红盾工作台</translation>
    </message>
</context>
<context>
    <name>MyTasksScreen</name>
    <message>
        <source>My inspection tasks</source>
        <translation>我的检查任务</translation>
    </message>
    <message>
        <source>Show completed</source>
        <translation>显示已完成</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Choose a task to fill in its inspection record.</source>
        <translation>请选择一项检查任务，填写现场检查笔录。</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>%1 tasks</source>
        <translation>共%1项</translation>
    </message>
</context>
<context>
    <name>NavigationRail</name>
    <message>
        <source>Hongdun Workbench</source>
        <translation>红盾工作台</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <source>The office and this workstation</source>
        <translation>本单位与本机登记</translation>
    </message>
    <message>
        <source>A member of the office (or its head) signs in: this workstation is enrolled for that office at the centre.</source>
        <translation>请本单位人员（或所长）登录：本机将在中心登记为该单位的设备。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Enrol this workstation</source>
        <translation>登记本机</translation>
    </message>
    <message>
        <source>This step may be skipped: the workstation is then enrolled at the first online sign-in.</source>
        <translation>此步可以跳过：本机将在首次联网登录时自动登记。</translation>
    </message>
    <message>
        <source>Please enter your user name and password</source>
        <translation>请输入用户名和密码</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Signed in: {name} ({roles})</source>
        <translation>已登录：{name}（{roles}）</translation>
    </message>
    <message>
        <source>This workstation is enrolled as: {unit}</source>
        <translation>本机已登记为：{unit}</translation>
    </message>
    <message>
        <source>This workstation will be enrolled as: {unit}</source>
        <translation>本机将登记为：{unit}</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <source>Already enrolled (device {device}): nothing to do.</source>
        <translation>本机此前已登记（设备 {device}），无需再次登记。</translation>
    </message>
    <message>
        <source>Enrolled: device {device}. Its key is kept in this computer&apos;s keyring; the centre has recorded the device.</source>
        <translation>登记完成：设备 {device}。设备密钥已存入本机的系统密钥环，中心已记录本设备。</translation>
    </message>
    <message>
        <source>Cannot reach the centre: {error}</source>
        <translation>无法连接中心服务：{error}</translation>
    </message>
    <message>
        <source>The device key cannot be kept in this computer&apos;s keyring: {error}</source>
        <translation>设备密钥无法存入本机的系统密钥环：{error}</translation>
    </message>
    <message>
        <source>Enrolment failed: {error}</source>
        <translation>登记失败：{error}</translation>
    </message>
</context>
<context>
    <name>OutgoingScreen</name>
    <message>
        <source>Draft a document…</source>
        <translation>拟稿…</translation>
    </message>
    <message>
        <source>Print document…</source>
        <translation>打印公文…</translation>
    </message>
    <message>
        <source>Drafted; submit it for review when it is ready.</source>
        <translation>文稿已保存，完成后请送审。</translation>
    </message>
    <message>
        <source>Official document</source>
        <translation>公文</translation>
    </message>
</context>
<context>
    <name>PartyBlock</name>
    <message>
        <source>Only when an agent acts for the party</source>
        <extracomment>what a file&apos;s name suggests it is (the clerk corrects the choice when it guesses wrong) a lookup&apos;s verdict is on screen the agent was named or cleared (the form says whether an authorisation is needed)</extracomment>
        <translation>仅在由委托代理人办理时填写</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>委托代理人</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Resident ID no.</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>18 characters; the register is looked up on leaving the field</source>
        <translation>18位；离开本栏时自动查询登记信息</translation>
    </message>
    <message>
        <source>18 digits (kept masked and hashed only)</source>
        <translation>18位（仅保存遮蔽后的号码及其摘要）</translation>
    </message>
    <message>
        <source>Looking the party up in the register…</source>
        <translation>正在查询登记信息…</translation>
    </message>
    <message>
        <source>Offline: not found in this office&apos;s data; the centre looks the party up when the application is sent.</source>
        <translation>离线：本所数据中未找到该主体，申请上传时中心将再次查询。</translation>
    </message>
    <message>
        <source>%1: no market entity with this credit code in the register</source>
        <translation>%1：登记库中没有该统一社会信用代码的市场主体</translation>
    </message>
    <message>
        <source>Legal representative: %1</source>
        <translation>法定代表人：%1</translation>
    </message>
    <message>
        <source>Offline: as this office&apos;s data has it; the centre checks the register again when the application is sent.</source>
        <translation>离线：以上为本所数据中的信息，申请上传时中心将再次核对登记信息。</translation>
    </message>
    <message>
        <source>The register could not be read (%1); the party is checked again when the application is sent.</source>
        <translation>无法读取登记库（%1），申请上传时将再次核对该当事人。</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Print...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF...</source>
        <translation>另存为PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>无法保存文件：%1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PeoplePicker</name>
    <message>
        <source>Filter by name or unit</source>
        <translation>按姓名或单位筛选</translation>
    </message>
    <message>
        <source>Offline: only your office&apos;s staff are listed.</source>
        <translation>离线：只列出本单位人员。</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>New random inspection plan</source>
        <extracomment>the version of a plan just created (client.inspections.handlers.create_plan)</extracomment>
        <translation>新建双随机抽查计划</translation>
    </message>
    <message>
        <source>e.g. 2026 Q4 random inspection of individual businesses</source>
        <translation>例如：2026年第四季度个体工商户双随机抽查</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Whole jurisdiction</source>
        <translation>全辖区</translation>
    </message>
    <message>
        <source>Only entities in existence (存续)</source>
        <translation>仅限存续的市场主体</translation>
    </message>
    <message>
        <source>Plan name</source>
        <translation>计划名称</translation>
    </message>
    <message>
        <source>Entity kinds</source>
        <translation>主体类型</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>抽查范围</translation>
    </message>
    <message>
        <source>Population</source>
        <translation>抽查对象库</translation>
    </message>
    <message>
        <source>Entities to draw</source>
        <translation>抽取户数</translation>
    </message>
    <message>
        <source>Inspectors</source>
        <translation>检查人员</translation>
    </message>
    <message>
        <source>Create and draw</source>
        <translation>创建并抽取</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>%1 entities match</source>
        <translation>符合条件的市场主体%1户</translation>
    </message>
    <message>
        <source>Counting...</source>
        <translation>正在统计…</translation>
    </message>
</context>
<context>
    <name>PlanListModel</name>
    <message>
        <source>Plan no.</source>
        <extracomment>待分配 for a number the centre has not given yet (one definition: the registration screens&apos;)</extracomment>
        <translation>计划编号</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>抽查计划</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Drawn</source>
        <translation>抽取/对象库</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>PlansScreen</name>
    <message>
        <source>Random inspection plans</source>
        <translation>双随机抽查计划</translation>
    </message>
    <message>
        <source>New plan and draw...</source>
        <translation>新建计划并抽取…</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>抽取</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>公示</translation>
    </message>
    <message>
        <source>List as PDF...</source>
        <translation>名单PDF…</translation>
    </message>
    <message>
        <source>List as CSV...</source>
        <translation>名单CSV…</translation>
    </message>
    <message>
        <source>No plan yet: make one with “New plan and draw”.</source>
        <translation>尚无抽查计划，请点击“新建计划并抽取”。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Not drawn yet.</source>
        <translation>尚未抽取。</translation>
    </message>
    <message>
        <source>%1 of %2 entities drawn at %3 · seed %4 (%5) · state: %6</source>
        <translation>%3从%2户中抽取%1户 · 随机种子%4（%5） · 状态：%6</translation>
    </message>
    <message>
        <source>Drew %1 of %2 entities; plan no. %3.</source>
        <translation>已从%2户中抽取%1户，计划编号%3。</translation>
    </message>
    <message>
        <source>Published.</source>
        <translation>已公示。</translation>
    </message>
    <message>
        <source>Random inspection list</source>
        <translation>双随机抽查名单</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>无法保存文件：%1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Save list</source>
        <translation>保存名单</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>Printer calibration</source>
        <translation>打印机校准</translation>
    </message>
    <message>
        <source>Print a calibration page on blank pre-printed licence paper, measure how far its marks are from the form&apos;s places, and enter the offsets.</source>
        <translation>在空白的营业执照套打纸上打印校准页，量出标记与表上位置相差多少，填入偏移量。</translation>
    </message>
    <message>
        <source>PDF file…</source>
        <translation>PDF 文件…</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Offsets (positive values move the print right and down)</source>
        <translation>偏移量（正值使打印内容向右、向下移动）</translation>
    </message>
    <message>
        <source>Original (A3)</source>
        <translation>正本（A3）</translation>
    </message>
    <message>
        <source>Duplicate (A4)</source>
        <translation>副本（A4）</translation>
    </message>
    <message>
        <source>Print calibration page</source>
        <translation>打印校准页</translation>
    </message>
    <message>
        <source>Each crosshair marks where a field of the licence starts; its arms have a millimetre scale. If the form&apos;s place is 2 mm right of a mark, add 2 mm to the horizontal offset (left: subtract), then print again to check. The 100 mm scale bar must measure 100 mm: otherwise turn off the printer&apos;s scaling.</source>
        <translation>每个十字标出执照上一栏内容的起点，十字的臂上有毫米刻度。表上位置在十字右方 2 毫米，水平偏移量就加 2 毫米（在左方则减），然后再打印一张核对。100 毫米的比例尺必须量得 100 毫米，否则请关闭打印机的缩放。</translation>
    </message>
    <message>
        <source>Preparing the calibration page…</source>
        <extracomment>the calibration page last printed of each copy (the PDF&apos;s bytes, as rendered)</extracomment>
        <translation>正在生成校准页…</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message>
        <source>Print again to check</source>
        <translation>再打印一张核对</translation>
    </message>
    <message>
        <source>original</source>
        <translation>正本</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>The calibration page of the {copy} went to {printer} (offset: horizontal {x} mm, vertical {y} mm).</source>
        <translation>{copy}校准页已发送到 {printer}（偏移量：水平 {x} mm，垂直 {y} mm）。</translation>
    </message>
    <message>
        <source>Calibration page ({copy}).pdf</source>
        <translation>套打校准页（{copy}）.pdf</translation>
    </message>
    <message>
        <source>Save the calibration page</source>
        <translation>保存校准页</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The calibration page could not be made: {error}</source>
        <translation>无法生成校准页：{error}</translation>
    </message>
</context>
<context>
    <name>ReaderBridge</name>
    <message>
        <source>The card reader software is not installed (%1)</source>
        <translation>读卡组件未安装（%1）</translation>
    </message>
</context>
<context>
    <name>ReaderIndicator</name>
    <message>
        <source>Card service not running</source>
        <translation>读卡服务未启动</translation>
    </message>
    <message>
        <source>The PC/SC service (pcscd) is not running</source>
        <translation>PC/SC 服务（pcscd）未运行</translation>
    </message>
    <message>
        <source>No card reader</source>
        <translation>未连接读卡器</translation>
    </message>
    <message>
        <source>Reader: card in</source>
        <translation>读卡器：有卡</translation>
    </message>
    <message>
        <source>Reader: no card</source>
        <translation>读卡器：无卡</translation>
    </message>
</context>
<context>
    <name>ReaderPage</name>
    <message>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>The PC/SC card readers of this computer, and a test read of the card in one.</source>
        <translation>本机的 PC/SC 读卡器，以及对读卡器中卡片的测试读卡。</translation>
    </message>
    <message>
        <source>This workstation does not handle IC cards</source>
        <translation>本机不办理IC卡</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Test read</source>
        <translation>测试读卡</translation>
    </message>
    <message>
        <source>Put a card in the reader before the test read: an enterprise card shows whose it is, any other card its answer to reset (ATR).</source>
        <translation>测试读卡前请把卡片插入读卡器：企业IC卡会显示持卡企业，其他卡片显示其复位应答（ATR）。</translation>
    </message>
    <message>
        <source>No card reader is connected: plug one in and press Refresh.</source>
        <translation>没有连接读卡器：请插上读卡器后点击“刷新”。</translation>
    </message>
    <message>
        <source>The card reader software (pyscard) is not installed: {error}</source>
        <translation>读卡组件（pyscard）未安装：{error}</translation>
    </message>
    <message>
        <source>The smart card service pcscd is not running: install the pcscd package and start it (systemctl start pcscd). {error}</source>
        <translation>智能卡服务 pcscd 未运行：请安装 pcscd 软件包并启动它（systemctl start pcscd）。{error}</translation>
    </message>
    <message>
        <source>The card readers cannot be listed: {error}</source>
        <translation>无法列出读卡器：{error}</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <source>{reader}: {found}</source>
        <translation>{reader}：{found}</translation>
    </message>
    <message>
        <source>The reader works; there is no card in it ({message}).</source>
        <translation>读卡器工作正常；其中没有卡片（{message}）。</translation>
    </message>
    <message>
        <source>A card answers (ATR {atr}).</source>
        <translation>卡片有应答（ATR {atr}）。</translation>
    </message>
    <message>
        <source>Enterprise IC card of {name} ({code}).</source>
        <translation>企业IC卡：{name}（{code}）。</translation>
    </message>
    <message>
        <source>Its signature is checked once this workstation has the issuers&apos; keys (at the first synchronisation).</source>
        <translation>卡片签名待本机取得发卡机关公钥后核验（首次同步时取得）。</translation>
    </message>
    <message>
        <source>A blank enterprise card (not made yet).</source>
        <translation>空白企业IC卡（尚未制卡）。</translation>
    </message>
    <message>
        <source>works, no card in it</source>
        <translation>工作正常，无卡</translation>
    </message>
    <message>
        <source>enterprise IC card of {name}</source>
        <translation>读到企业IC卡（{name}）</translation>
    </message>
    <message>
        <source>a blank enterprise card</source>
        <translation>读到空白企业IC卡</translation>
    </message>
    <message>
        <source>a card answers (not an enterprise card)</source>
        <translation>卡片有应答（不是企业IC卡）</translation>
    </message>
    <message>
        <source>{readers} (not test-read)</source>
        <translation>{readers}（未测试读卡）</translation>
    </message>
    <message>
        <source>No card reader</source>
        <translation>没有读卡器</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Decision document no.</source>
        <extracomment>(reason text, decision number) -&gt; the command to run</extracomment>
        <translation>处罚决定书文号</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The request was refused.</source>
        <translation>申请未被受理。</translation>
    </message>
    <message>
        <source>%1 (required)</source>
        <translation>%1（必填）</translation>
    </message>
    <message>
        <source>Kept in the card&apos;s history.</source>
        <translation>记入卡片档案。</translation>
    </message>
</context>
<context>
    <name>RecipientDialog</name>
    <message>
        <source>Hand over the card</source>
        <extracomment>the counter actions with a button, in the order a clerk meets them these write a card: the card must be in the reader these ask for a reason (kept with the card&apos;s history; client.cards.rules says which must give one)</extracomment>
        <translation>发卡</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>领卡人</translation>
    </message>
    <message>
        <source>Resident ID no.</source>
        <translation>领卡人身份证号码</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Credit code %1 · representative %2 · registered address %3</source>
        <extracomment>the rules the last submission was judged by: a mark goes when they no longer find fault</extracomment>
        <translation>统一社会信用代码%1 · 法定代表人（经营者）%2 · 登记住所%3</translation>
    </message>
    <message>
        <source>Mark all as compliant</source>
        <translation>全部标为符合</translation>
    </message>
    <message>
        <source>What was found; for problems, what they are and what was ordered</source>
        <translation>检查情况；发现问题的，写明问题及责令改正情况</translation>
    </message>
    <message>
        <source>- choose the result -</source>
        <translation>- 请选择检查结果 -</translation>
    </message>
    <message>
        <source>Open a case lead from these findings when completing</source>
        <translation>完成时据此移送案件线索</translation>
    </message>
    <message>
        <source>What the lead is about (at least 4 characters)</source>
        <translation>线索内容（至少4个字）</translation>
    </message>
    <message>
        <source>- choose -</source>
        <translation>- 请选择 -</translation>
    </message>
    <message>
        <source>Add photos...</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation>笔录编号</translation>
    </message>
    <message>
        <source>Place of inspection</source>
        <translation>检查地点</translation>
    </message>
    <message>
        <source>Time of inspection</source>
        <translation>检查时间</translation>
    </message>
    <message>
        <source>Inspectors (at least two)</source>
        <translation>检查人员（至少2名）</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查事项</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>检查情况</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Party (name)</source>
        <translation>当事人（姓名）</translation>
    </message>
    <message>
        <source>Party&apos;s acknowledgement</source>
        <translation>当事人意见</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>现场照片</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Complete inspection</source>
        <translation>完成检查</translation>
    </message>
    <message>
        <source>Print record...</source>
        <translation>打印笔录…</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>(given when saved)</source>
        <translation>（保存时给号）</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Inspection completed.</source>
        <translation>检查完成。</translation>
    </message>
    <message>
        <source>Listing on the abnormal operation list has been proposed to the office head.</source>
        <translation>已提请所长确认列入经营异常名录。</translation>
    </message>
    <message>
        <source>A case lead has been opened.</source>
        <translation>已移送案件线索。</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取%1：%2</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Inspection record</source>
        <translation>现场检查笔录</translation>
    </message>
    <message>
        <source>Please correct the marked fields.</source>
        <translation>请更正标红的项目。</translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <source>Refuse the application</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Refuse: %1</source>
        <translation>不予受理：%1</translation>
    </message>
    <message>
        <source>Required for “other”</source>
        <translation>选择“其他不属于受理范围的情形”时必填</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Register an incoming document</source>
        <translation>收文登记</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>e.g. 广州市市场监督管理局</source>
        <translation>如：广州市市场监督管理局</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>来文单位</translation>
    </message>
    <message>
        <source>e.g. 穗市监〔2026〕88号</source>
        <translation>如：穗市监〔2026〕88号</translation>
    </message>
    <message>
        <source>Sender&apos;s number</source>
        <translation>来文字号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Document type</source>
        <translation>文种</translation>
    </message>
    <message>
        <source> years</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>(no period)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Classification, urgency</source>
        <translation>密级、紧急程度</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>收文日期</translation>
    </message>
    <message>
        <source>(not counted)</source>
        <translation>（未计）</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Credit codes or case numbers, separated by spaces</source>
        <translation>统一社会信用代码或案件编号，用空格分隔</translation>
    </message>
    <message>
        <source>Related</source>
        <translation>关联事项</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Scans and PDFs</source>
        <translation>扫描件和PDF</translation>
    </message>
    <message>
        <source>Add scans or PDFs</source>
        <translation>添加扫描件或PDF</translation>
    </message>
    <message>
        <source>PDF and images (*.pdf *.png *.jpg *.jpeg)</source>
        <translation>PDF和图片 (*.pdf *.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取%1：%2</translation>
    </message>
</context>
<context>
    <name>RegisterScreen</name>
    <message>
        <source>Register</source>
        <extracomment>how much of the searched text the &quot;nothing found&quot; line repeats</extracomment>
        <translation>查询结果</translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation>变更：%1</translation>
    </message>
    <message>
        <source>Discard the change application typed in this tab?</source>
        <translation>放弃本标签页中已填写但尚未提交的变更申请？</translation>
    </message>
</context>
<context>
    <name>RegisterSearch</name>
    <message>
        <source>Credit code, name, pinyin initials or legal representative</source>
        <extracomment>the clerk opened a row (double-click or Enter): the entity id</extracomment>
        <translation>统一社会信用代码 / 名称 / 拼音首字母 / 法定代表人</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Established</source>
        <translation>成立日期</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除条件</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Bureau</source>
        <translation>分局</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>工商所</translation>
    </message>
    <message>
        <source>All bureaus</source>
        <translation>全部分局</translation>
    </message>
    <message>
        <source>All offices</source>
        <translation>全部工商所</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>%1 entities</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>No entity matches “%1” (filters: %2)</source>
        <translation>未找到与“%1”相符的主体（筛选：%2）</translation>
    </message>
    <message>
        <source>No entity matches “%1”</source>
        <translation>未找到与“%1”相符的主体</translation>
    </message>
    <message>
        <source>No entity matches the filters (%1)</source>
        <translation>未找到符合筛选条件的主体（筛选：%1）</translation>
    </message>
    <message>
        <source>There are no entities in your jurisdiction yet</source>
        <translation>您的辖区内还没有市场主体</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>类型：%1</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Bureau: %1</source>
        <translation>分局：%1</translation>
    </message>
    <message>
        <source>Office: %1</source>
        <translation>工商所：%1</translation>
    </message>
    <message>
        <source>Established: %1 to %2</source>
        <translation>成立日期：%1至%2</translation>
    </message>
</context>
<context>
    <name>RegistrationAreas</name>
    <message>
        <source>Entity search</source>
        <translation>主体查询</translation>
    </message>
    <message>
        <source>Establishment</source>
        <translation>设立登记</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
</context>
<context>
    <name>ReleaseNotice</name>
    <message>
        <source>A new version %1 is available (this workstation: %2): %3</source>
        <extracomment>the versions whose notice the user dismissed in this session (the process) characters of the centre&apos;s notes shown (the whole text is the tooltip): the file allows 2000</extracomment>
        <translation>有新版本 %1（本机 %2）：%3</translation>
    </message>
    <message>
        <source>A new version %1 is available (this workstation: %2).</source>
        <translation>有新版本 %1（本机 %2）。</translation>
    </message>
    <message>
        <source>Install it from %1, or ask the administrator.</source>
        <translation>请从 %1 安装，或联系管理员。</translation>
    </message>
    <message>
        <source>Ask the administrator for the installer.</source>
        <translation>安装包请向管理员索取。</translation>
    </message>
    <message>
        <source>Business done on this workstation stays in its queue and goes to the centre once it is upgraded.</source>
        <translation>本机办理的业务保留在待上传队列中，升级后自动上传到中心。</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <extracomment>the login window&apos;s variant: a card on the red brand panel (its form has no room to spare) say that queued work waits (office workstations); else only the centre&apos;s message</extracomment>
        <translation>知道了</translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message>
        <source>(not checked)</source>
        <translation>（未检查）</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Return · %1</source>
        <translation>退回 · %1</translation>
    </message>
    <message>
        <source>Return to</source>
        <translation>退回到</translation>
    </message>
    <message>
        <source>Required: what must be put right</source>
        <translation>必填：需要补正的内容</translation>
    </message>
</context>
<context>
    <name>ReviewQueueWidget</name>
    <message>
        <source>Refresh</source>
        <extracomment>the queue on screen is the one just read the outcome of an approval or rejection, after the queue has shown it the last decision shown in the banner: (application, approved, its numbers)</extracomment>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Applications awaiting review</source>
        <translation>待审核申请</translation>
    </message>
    <message>
        <source>Print licence...</source>
        <translation>打印营业执照…</translation>
    </message>
    <message>
        <source>Optional for approval; required (at least 4 characters) for rejection</source>
        <translation>核准时可不填；驳回时必填（至少4个字）</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>核准</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Review opinion</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>(loading…)</source>
        <translation>（正在读取…）</translation>
    </message>
    <message>
        <source>(the queue could not be read: %1)</source>
        <translation>（无法读取待审队列：%1）</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>共 %1 件待审</translation>
    </message>
    <message>
        <source>No application selected</source>
        <translation>未选择申请</translation>
    </message>
    <message>
        <source>Acceptance no. %1 · accepted by %2 at %3 · %4</source>
        <translation>受理号 %1 · %2 于 %3 受理 · %4</translation>
    </message>
    <message>
        <source>The clerk confirmed that the name is similar to: %1</source>
        <translation>登记员已确认名称与以下名称近似：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>You accepted this application yourself: another reviewer must decide it.</source>
        <translation>本申请由您本人受理，须由其他审核员审核。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>登记事项</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>原登记内容</translation>
    </message>
    <message>
        <source>After</source>
        <translation>申请变更为</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Reason for deregistration</source>
        <translation>注销原因</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>申请登记内容</translation>
    </message>
    <message>
        <source>The decision was not saved: %1</source>
        <translation>审核决定未保存：%1</translation>
    </message>
    <message>
        <source>Approved: %1 %2 (%3).</source>
        <translation>已核准：%1 %2（受理号%3）。</translation>
    </message>
    <message>
        <source>Unified social credit code: %1</source>
        <translation>统一社会信用代码：%1</translation>
    </message>
    <message>
        <source>Rejected: %1 %2 (%3).</source>
        <translation>已驳回：%1 %2（受理号%3）。</translation>
    </message>
    <message>
        <source>The numbers could not be read again: %1</source>
        <translation>未能重新读取编号：%1</translation>
    </message>
</context>
<context>
    <name>RevisionDiff</name>
    <message>
        <source>Draft %1 · %2 (%3)</source>
        <translation>第%1稿 · %2（%3）</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>with</source>
        <translation>与</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>To</source>
        <translation>主送</translation>
    </message>
    <message>
        <source>Copy to</source>
        <translation>抄送</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>No revisions.</source>
        <translation>没有修改记录。</translation>
    </message>
    <message>
        <source>%1 lines changed</source>
        <translation>%1 处改动</translation>
    </message>
    <message>
        <source>No differences.</source>
        <translation>没有改动。</translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <source>Record a mediation session</source>
        <translation>记录调解笔录</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Session: %1</source>
        <translation>调解笔录：%1</translation>
    </message>
    <message>
        <source>Who attended, what each side said, what was proposed and agreed</source>
        <translation>参加人员、各方陈述、调解方案及达成的意见</translation>
    </message>
    <message>
        <source>Held on</source>
        <translation>调解日期</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>调解地点</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <extracomment>配置向导… was pressed (offered with `offer_wizard`): the dialog closes without saving</extracomment>
        <translation>设置</translation>
    </message>
    <message>
        <source>Centre</source>
        <translation>中心服务</translation>
    </message>
    <message>
        <source>Empty: the embedded centre with its demo database</source>
        <translation>留空：使用内置中心及其演示库</translation>
    </message>
    <message>
        <source>Empty: the system&apos;s certificate authorities</source>
        <translation>留空：使用系统信任的根证书</translation>
    </message>
    <message>
        <source>Centre addresses</source>
        <translation>中心地址</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>根证书（PEM）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>e.g. https://centre1.gz.example:8443, https://centre2.gz.example:8443 (tried in order)</source>
        <translation>例如 https://centre1.gz.example:8443, https://centre2.gz.example:8443（按顺序尝试）</translation>
    </message>
    <message>
        <source>The workstation holds no database password: only the centre does.</source>
        <translation>工作站不保存数据库密码，只有中心服务持有。</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Public base URL (licence QR code)</source>
        <translation>公示网址（营业执照二维码）</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Lock after inactivity</source>
        <translation>无操作自动锁定</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Pre-printed licence paper (printer offset)</source>
        <translation>套打营业执照（打印机偏移）</translation>
    </message>
    <message>
        <source>Original (A3)</source>
        <translation>正本（A3）</translation>
    </message>
    <message>
        <source>Duplicate (A4)</source>
        <translation>副本（A4）</translation>
    </message>
    <message>
        <source>Positive values move the print right and down.</source>
        <translation>正值表示向右、向下移动打印内容。</translation>
    </message>
    <message>
        <source>Horizontal</source>
        <translation>水平</translation>
    </message>
    <message>
        <source>Vertical</source>
        <translation>垂直</translation>
    </message>
    <message>
        <source>A centre address must start with https:// (http:// only for this computer)</source>
        <translation>中心地址须以 https:// 开头（http:// 仅限本机）</translation>
    </message>
    <message>
        <source>The centre address {address} is not valid</source>
        <translation>中心地址 {address} 格式不正确</translation>
    </message>
    <message>
        <source>The CA certificate file does not exist</source>
        <translation>根证书文件不存在</translation>
    </message>
    <message>
        <source>The CA certificate file is not a PEM certificate</source>
        <translation>根证书文件不是 PEM 格式的证书</translation>
    </message>
    <message>
        <source>Setup wizard…</source>
        <translation>配置向导…</translation>
    </message>
    <message>
        <source>The public base URL must start with https:// or http://</source>
        <translation>公示网址须以 https:// 或 http:// 开头</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Hongdun Workbench — first start</source>
        <extracomment>(url, entities, progress) -&gt; None; the default is client.demo.populate</extracomment>
        <translation>红盾工作台 — 首次启动</translation>
    </message>
    <message>
        <source>Preparing the demo database</source>
        <translation>正在准备演示数据库</translation>
    </message>
    <message>
        <source>No centre has been configured, so the workbench starts one of its own with a local demo database of {n} market entities. The database is made only once.</source>
        <translation>尚未配置中心服务，工作台将在本机启动内置中心，并创建含 {n} 个市场主体的演示数据库。数据库只创建一次。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>{done} of {total} market entities</source>
        <translation>已生成 {done} / {total} 户市场主体</translation>
    </message>
</context>
<context>
    <name>ShellController</name>
    <message>
        <source>The demo database could not be created:
{error}</source>
        <translation>无法创建演示数据库：
{error}</translation>
    </message>
    <message>
        <source>The centre&apos;s address and the language take effect the next time the workbench starts.</source>
        <translation>中心地址和界面语言的更改将在下次启动工作台时生效。</translation>
    </message>
    <message>
        <source>{database} · local replica</source>
        <translation>{database} · 本机副本</translation>
    </message>
</context>
<context>
    <name>ShellStatusBar</name>
    <message>
        <source>Local database</source>
        <translation>本地数据库</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>连接中断</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Sign</source>
        <translation>签发</translation>
    </message>
    <message>
        <source>Do not sign</source>
        <translation>不予签发</translation>
    </message>
    <message>
        <source>Opinion (required when not signing)</source>
        <translation>意见（不予签发时必填）</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>Agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Disagree</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Optional, e.g. the points checked</source>
        <translation>选填，例如审查要点</translation>
    </message>
    <message>
        <source>Required: why you do not agree (the applicant is told)</source>
        <translation>必填：不同意的理由（将告知申请人）</translation>
    </message>
    <message>
        <source>Optional: why you take your approval back</source>
        <translation>选填：撤回的原因</translation>
    </message>
    <message>
        <source>Your approval is taken back and the task returns to you; the next node&apos;s task is cancelled.</source>
        <translation>撤回后事项回到您的待办，下一环节的待办随之取消。</translation>
    </message>
    <message>
        <source>Do not agree</source>
        <extracomment>steps at which 不同意 is offered (it ends the document): the reviewer&apos;s and the co-signers&apos;</extracomment>
        <translation>不同意</translation>
    </message>
    <message>
        <source>How it should be handled, and by whom (拟办意见)</source>
        <translation>拟办意见：如何办理、由谁办理</translation>
    </message>
    <message>
        <source>What was done (办理情况)</source>
        <translation>办理情况</translation>
    </message>
    <message>
        <source>The centre gives the number of the year when this step reaches it</source>
        <translation>本步骤送达中心时，由中心按年度顺序编号</translation>
    </message>
    <message>
        <source>Opinion (required when not agreeing)</source>
        <translation>意见（不同意时必填）</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>拟办意见</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>办理情况</translation>
    </message>
    <message>
        <source>%1: required</source>
        <translation>%1为必填项</translation>
    </message>
</context>
<context>
    <name>StepsModel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>办理人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>办理时间</translation>
    </message>
    <message>
        <source>Time taken</source>
        <translation>用时</translation>
    </message>
</context>
<context>
    <name>SuperviseDialog</name>
    <message>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Supervise · %1</source>
        <translation>督办 · %1</translation>
    </message>
    <message>
        <source>%1 · held by %2 · deadline %3</source>
        <translation>%1 · 办理人%2 · 期限%3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>What must be done, and by when (at least 2 characters)</source>
        <translation>督办要求（至少2个字）</translation>
    </message>
    <message>
        <source>Supervision note</source>
        <translation>督办意见</translation>
    </message>
    <message>
        <source>New deadline</source>
        <translation>新的办理期限</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Connecting to the centre…</source>
        <translation>正在连接中心…</translation>
    </message>
    <message>
        <source>Online · upgrade needed</source>
        <translation>在线·需升级</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline (retrying by itself)</source>
        <translation>离线（自动重试）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>To push %1</source>
        <translation>待上传 %1</translation>
    </message>
    <message>
        <source>Conflicts/returned %1</source>
        <translation>冲突/退回 %1</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
</context>
<context>
    <name>SyncWindow</name>
    <message>
        <source>Data synchronisation</source>
        <extracomment>how many queued commands the list shows (the count above it is exact) a light bar with dark text: the count stays readable over the filled part</extracomment>
        <translation>数据同步</translation>
    </message>
    <message>
        <source>Link:</source>
        <translation>连接状态：</translation>
    </message>
    <message>
        <source>Last synchronised:</source>
        <translation>上次同步：</translation>
    </message>
    <message>
        <source>Commands pushed:</source>
        <translation>上传命令：</translation>
    </message>
    <message>
        <source>Changes pulled:</source>
        <translation>下载变更：</translation>
    </message>
    <message>
        <source>Synchronise now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Done at</source>
        <translation>办理时间</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>The centre&apos;s reason</source>
        <translation>中心给出的原因</translation>
    </message>
    <message>
        <source>Resolve item by item and resubmit…</source>
        <translation>逐项处理后重新提交…</translation>
    </message>
    <message>
        <source>Discard this command</source>
        <translation>放弃此命令</translation>
    </message>
    <message>
        <source>Upgrade needed: %1</source>
        <translation>需升级：%1</translation>
    </message>
    <message>
        <source>%1/%2 commands</source>
        <translation>%1/%2 条命令</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1/%2 changes</source>
        <translation>%1/%2 条变更</translation>
    </message>
    <message>
        <source>Waiting to be pushed (%1)</source>
        <translation>待上传（%1）</translation>
    </message>
    <message>
        <source>Conflicts and rejections (%1)</source>
        <translation>冲突与退回（%1）</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待上传</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>重试中</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Returned by the centre</source>
        <translation>被中心退回</translation>
    </message>
    <message>
        <source>Discard “%1”? This workstation&apos;s changes to the record are undone and the centre&apos;s data is restored.</source>
        <translation>放弃“%1”？本机对该记录的修改将被撤销，恢复为中心的数据。</translation>
    </message>
    <message>
        <source>The command was not accepted</source>
        <translation>重新提交未成功</translation>
    </message>
    <message>
        <source>The centre cannot be reached; this cannot be dealt with now: %1</source>
        <translation>无法连接中心，暂不能处理：%1</translation>
    </message>
</context>
<context>
    <name>TaskListModel</name>
    <message>
        <source>Entity</source>
        <translation>市场主体</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所（经营场所）</translation>
    </message>
    <message>
        <source>Together with</source>
        <translation>同组检查员</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>抽查计划</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation>笔录编号</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>The operation failed: %1 (details are in the log)</source>
        <translation>操作失败：%1（详情已记入日志）</translation>
    </message>
</context>
<context>
    <name>TodoIndicator</name>
    <message>
        <source>To-do …</source>
        <translation>待办 …</translation>
    </message>
    <message>
        <source>Your open tasks (click to open the list)</source>
        <translation>您的待办事项（点击打开待办）</translation>
    </message>
    <message>
        <source>To-do %1</source>
        <translation>待办 %1</translation>
    </message>
    <message>
        <source>%1 open tasks</source>
        <translation>待办%1件</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>超期%1件</translation>
    </message>
    <message>
        <source>%1 due soon</source>
        <translation>即将到期%1件</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Click to open the to-do list</source>
        <translation>点击打开待办</translation>
    </message>
</context>
<context>
    <name>TodoModel</name>
    <message>
        <source>Item</source>
        <extracomment>the filter&apos;s choices: (key, predicate)</extracomment>
        <translation>事项</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>抄送</translation>
    </message>
    <message>
        <source>Overdue %1 working day(s)</source>
        <translation>超期%1个工作日</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>In time</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Escalated (held by %1)</source>
        <translation>催办（%1）</translation>
    </message>
    <message>
        <source>On behalf of %1</source>
        <translation>代%1办理</translation>
    </message>
    <message>
        <source>Supervision (%1): %2</source>
        <translation>督办（%1）：%2</translation>
    </message>
    <message>
        <source>Overdue past the flow&apos;s limit: raised to you as the unit&apos;s head</source>
        <translation>超期超过流程规定的时限，已提请您（单位负责人）催办</translation>
    </message>
    <message>
        <source>Delegated to you by %1</source>
        <translation>%1委托您办理</translation>
    </message>
</context>
<context>
    <name>TodoScreen</name>
    <message>
        <source>To-do</source>
        <extracomment>the list on screen is the one just read</extracomment>
        <translation>待办</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>全部事项</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>督办事项</translation>
    </message>
    <message>
        <source>Delegated to me</source>
        <translation>委托我办理的</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>抄送</translation>
    </message>
    <message>
        <source>Delegation…</source>
        <translation>委托…</translation>
    </message>
    <message>
        <source>Let a colleague handle your tasks while you are away</source>
        <translation>外出期间请同事代为办理您的待办</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Double-click an item (or press Enter) to open it.</source>
        <translation>双击事项（或按回车键）打开办理。</translation>
    </message>
    <message>
        <source>Supervise…</source>
        <translation>督办…</translation>
    </message>
    <message>
        <source>Give a colleague&apos;s open task a note and a new deadline</source>
        <translation>对同事的在办事项提出督办意见并重新确定办理期限</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>办理</translation>
    </message>
    <message>
        <source>The list could not be read: %1</source>
        <translation>待办事项读取失败：%1</translation>
    </message>
    <message>
        <source>%1 to do</source>
        <translation>待办%1件</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>超期%1件</translation>
    </message>
    <message>
        <source>%1 due soon</source>
        <translation>即将到期%1件</translation>
    </message>
    <message>
        <source>%1 copies unread</source>
        <translation>抄送未阅%1件</translation>
    </message>
    <message>
        <source>%1 shown</source>
        <translation>显示%1件</translation>
    </message>
    <message>
        <source>Only a colleague&apos;s task can be supervised</source>
        <translation>只能督办同事的事项</translation>
    </message>
</context>
<context>
    <name>UnitPicker</name>
    <message>
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>Whole district</source>
        <translation>全区</translation>
    </message>
    <message>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
</context>
<context>
    <name>VerdictDialog</name>
    <message>
        <source>Card in the reader</source>
        <translation>读卡结果</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Entity state</source>
        <translation>企业状态</translation>
    </message>
    <message>
        <source>Card no.</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>Chip serial</source>
        <translation>芯片序列号</translation>
    </message>
    <message>
        <source>Card generation</source>
        <translation>卡代次</translation>
    </message>
    <message>
        <source>Card state</source>
        <translation>卡状态</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <source>Insert a card into the reader</source>
        <translation>请将IC卡插入读卡器</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <source>The card could not be read</source>
        <translation>无法读取此卡</translation>
    </message>
    <message>
        <source> (as the card says)</source>
        <translation>（卡面记载）</translation>
    </message>
</context>
<context>
    <name>WorkstationUi</name>
    <message>
        <source>Data synchronisation…</source>
        <translation>数据同步…</translation>
    </message>
</context>
</TS>
