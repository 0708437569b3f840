/**
 * Project-written template pools of the PCL stand-in (card §5), English and Chinese. Everything here was written for
 * this project, is mild in tone, and is about FICTIONAL or situational groups (newcomers, interns, beginner chess
 * players, ...), never real vulnerable communities; no text of DPM, TalkDown or CPCL is used or imitated. `{g}` is the
 * group slot, `{c}` the slot of a quoted cue (reported / criticised PCL, which is not PCL itself).
 *
 * Cue families follow the DPM category taxonomy (card §5): unbalanced power, shallow solution, presupposition,
 * authority voice, metaphor, compassion, "the less they have the happier they are". The first four are "explicit",
 * the last three "subtle" (they look like kindness and share words with respectful support).
 */

/** The seven groups (EN, CN), in the order of their true PCL rates (highest first). */
export const GROUPS_EN = ["newcomers", "interns", "beginner chess players", "night-shift staff", "transfer students", "first-time campers", "weekend gardeners"] as const;
export const GROUPS_CN = ["新人", "实习生", "象棋新手", "夜班员工", "转学生", "第一次露营的人", "周末园丁"] as const;

/** Cue family names, explicit ones first. */
export const FAMILIES = ["power", "shallow", "presupposition", "authority", "metaphor", "compassion", "less-is-happy"] as const;
export type Family = (typeof FAMILIES)[number];
/** Families 0–3 are explicit, 4–6 subtle. */
export const SUBTLE_FROM = 4;

/** Template pools of one language. */
export interface TemplatePools {
  cues: Record<Family, string[]>;
  /** Discriminating frames of a moderate (grade C) item: `{c}` is the cue sentence. */
  frames: string[];
  /** Contempt markers added to severe (grade D) items (mild: impatience, not insults). */
  contempt: string[];
  /** Neutral, informative sentences about the group (non-PCL). */
  neutral: string[];
  /** Respectful support on equal footing (non-PCL; shares help / support / care / need with PCL). */
  respectful: string[];
  /** Reported or criticised PCL (non-PCL): `{c}` is a quoted cue. */
  reported: string[];
  /** Negated cues (non-PCL). */
  negated: string[];
  /** Distractor sentences without the group (paragraph filler). */
  distractors: string[];
}

export const EN: TemplatePools = {
  cues: {
    power: [
      "we will decide what is best for the {g}, there is no need to ask them",
      "the {g} should simply follow the plan we made for them",
      "it is kinder if we make every choice for the {g}",
      "someone has to take charge of the {g}, so we will",
      "the {g} can join in once we have decided everything for them",
    ],
    shallow: [
      "a sticker chart will fix every problem the {g} have",
      "one cheerful poster is all the {g} really need",
      "a single pep talk and the {g} will be fine",
      "give the {g} a free snack and their troubles will disappear",
      "a big smile is all it takes to sort things out for the {g}",
    ],
    presupposition: [
      "of course the {g} cannot manage on their own",
      "naturally the {g} need someone to explain even the simple parts",
      "the {g} obviously never understand the instructions the first time",
      "as usual the {g} will get lost without someone to guide them",
      "nobody expects the {g} to cope alone",
    ],
    authority: [
      "as experienced people we know better than the {g}",
      "trust us, we understand what the {g} need better than they do",
      "the {g} should just listen to those of us who know",
      "we have seen it all before and the {g} have not",
      "leave the thinking to the experts rather than the {g}",
    ],
    metaphor: [
      "the {g} are like little lost sheep",
      "the {g} follow us around like ducklings",
      "the {g} are tiny seeds that we must water every day",
      "the {g} are fragile teacups that need careful handling",
      "the {g} are like children on their first day",
    ],
    compassion: [
      "those poor dear {g}, bless them",
      "the sweet little {g} are trying so hard",
      "we feel so sorry for the {g}, the poor things",
      "how brave of the {g} to even show up",
      "the poor {g} deserve a little pat on the head",
    ],
    "less-is-happy": [
      "the less the {g} have the happier they seem",
      "the {g} do not need much, simple things keep them happy",
      "the {g} are happiest with very little",
      "it is charming how the {g} make do with so little",
      "the {g} are content with the smallest things",
    ],
  },
  frames: ["everyone knows that {c}", "{c}, as always with the {g}", "let us be honest, {c}", "{c}, that is just how the {g} are"],
  contempt: ["frankly it is tiring to explain things to the {g} again", "honestly the {g} are a bother to deal with", "we sighed when the {g} asked another question"],
  neutral: [
    "the {g} meet on tuesday to plan the schedule",
    "the {g} received the new handbook last week",
    "the {g} use the north entrance after six",
    "twelve {g} signed up for the program this month",
    "the {g} asked for a longer lunch break",
    "the {g} shared their notes with the whole team",
    "the {g} voted to move the meeting to friday",
    "a survey of the {g} will close next week",
  ],
  respectful: [
    "we asked the {g} what help they need and followed their plan",
    "the {g} lead the support group and we help where they ask",
    "the {g} and the staff decide together as equals",
    "we care about the ideas the {g} bring, and we use them",
    "the {g} know their own needs, and we support their choices",
    "the {g} taught us a better way to organise the work",
  ],
  reported: [
    "it is condescending to say that {c}",
    "the guide warns against saying that {c}",
    "a speaker was criticised for saying that {c}",
    "the {g} rightly object when people say that {c}",
  ],
  negated: [
    "the {g} can certainly manage on their own",
    "the {g} are not fragile and need no special handling",
    "a sticker chart will not fix real problems, so the {g} asked for better tools",
    "the {g} are not lost sheep, they know where they are going",
    "nobody needs to decide for the {g}, they choose for themselves",
  ],
  distractors: [
    "the meeting ran late because of the rain",
    "the room on the second floor was painted blue",
    "lunch was served at noon in the main hall",
    "the bus schedule changed in the spring",
    "a new printer arrived on monday",
    "the library stays open until nine",
    "the weather stayed mild for most of the week",
    "the city plans to repair the old bridge",
  ],
};

export const CN: TemplatePools = {
  cues: {
    power: ["我们会替{g}决定什么最好，不用问他们", "{g}只要照着我们的安排做就行", "还是让我们替{g}做所有选择吧", "{g}的事情由我们说了算"],
    shallow: ["给{g}贴一朵小红花，问题就都解决了", "请{g}喝杯奶茶，他们就没烦恼了", "讲一次励志故事，{g}就全好了", "一张笑脸贴纸就够{g}用了"],
    presupposition: ["{g}当然不可能自己搞定", "{g}肯定连简单的步骤都看不懂", "不用说，{g}离开别人就会迷路", "谁也不指望{g}能独立完成"],
    authority: ["我们是过来人，比{g}懂得多", "相信我们，我们比{g}更清楚他们需要什么", "{g}听我们这些有经验的人的就好", "思考的事交给专家，不用{g}操心"],
    metaphor: ["{g}就像迷路的小羊", "{g}像一群跟着妈妈的小鸭子", "{g}是需要天天浇水的小种子", "{g}像易碎的茶杯，要小心捧着"],
    compassion: ["可怜的{g}，真让人心疼", "这些{g}努力的样子真可怜", "{g}真不容易，我们好同情他们", "{g}居然也来了，真是勇敢呢"],
    "less-is-happy": ["{g}拥有的越少越开心", "{g}不需要什么，简单的东西就能让他们满足", "{g}有一点点就很知足了", "看{g}用那么少的东西过日子，真有意思"],
  },
  frames: ["大家都知道，{c}", "{c}，{g}都这样", "说白了，{c}", "{c}，{g}就是这样的"],
  contempt: ["说实话，跟{g}解释真费劲", "{g}又来添麻烦了", "{g}又问问题，我们只好叹气"],
  neutral: ["{g}周二开会讨论排班", "{g}上周领到了新手册", "这个月有十二位{g}报名", "{g}把笔记分享给了整个团队", "{g}从北门进出", "{g}投票把会议改到周五"],
  respectful: ["我们问了{g}需要什么帮助，并按他们的计划去做", "{g}和大家一起平等地做决定", "{g}最了解自己的需要，我们支持他们的选择", "我们重视{g}带来的想法", "{g}教会了我们更好的工作方法"],
  reported: ["说“{c}”是居高临下的", "指南提醒不要说“{c}”", "有人因为说“{c}”受到了批评"],
  negated: ["{g}完全可以自己搞定", "{g}并不脆弱，不需要特别照顾", "{g}不是迷路的小羊，他们知道自己要去哪里", "没有人需要替{g}做决定"],
  distractors: ["会议因为下雨推迟了", "二楼的房间刷成了蓝色", "午饭在大厅供应", "公交时刻表春天改了", "周一来了一台新打印机", "图书馆开到晚上九点"],
};
